// The facilitator's countdown, the same for everyone: clients count to the server's end time.
import { useEffect, useState } from "preact/hooks";
import { serverNow } from "../api";
import { t } from "../i18n";
import { Icon } from "./icons";

export function remainingSeconds(endsAt: string): number | null {
  if (!endsAt) return null;
  const end = Date.parse(endsAt);
  if (Number.isNaN(end)) return null;
  return Math.max(0, Math.round((end - serverNow()) / 1000));
}

export function formatClock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

export function useRemaining(endsAt: string): number | null {
  const [, tick] = useState(0);
  useEffect(() => {
    if (!endsAt) return;
    const id = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(id);
  }, [endsAt]);
  return remainingSeconds(endsAt);
}

export function TimerBadge({ endsAt }: { endsAt: string }) {
  const left = useRemaining(endsAt);
  if (left === null) return null;
  const done = left === 0;
  const urgent = !done && left <= 30;
  return (
    <span
      class={`timer-badge${done ? " done" : ""}${urgent ? " urgent" : ""}`}
      role="timer"
      aria-label={done ? t("timer.up") : t("timer.left", { time: formatClock(left) })}
      data-remaining={left}
    >
      <Icon name="timer" size={16} />
      <span class="timer-clock">{done ? t("timer.upShort") : formatClock(left)}</span>
    </span>
  );
}
