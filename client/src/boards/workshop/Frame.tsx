// The workshop frame around every page of a workshop: top bar (workshop, phase, timer,
// connection, who is here, language), banners (offline, finished, following the facilitator).
import { createContext, type ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../../i18n";
import { navigate, paths } from "../../router";
import { useAwarenessStates } from "../../sync/hooks";
import { peers as listPeers } from "../../sync/presence";
import { Avatar, AvatarStack } from "../../ui/presence";
import { ConnectionBadge, ConnectionBanner } from "../../ui/status";
import { LanguageSwitch } from "../../ui/language";
import { TimerBadge } from "../../ui/timer";
import { useWorkshop } from "./context";
import { ReportButton } from "./Finish";
import { ActionsNavLink } from "./ActionSummary";

export function TopBar({ children }: { children?: ComponentChildren }) {
  return (
    <header class="topbar">
      <a class="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <a class="brand" href="/" aria-label={t("app.homeLink")}>
        <span class="brand-mark" aria-hidden="true">
          大
        </span>
        <span class="brand-name">Obeya</span>
      </a>
      {children}
    </header>
  );
}

/** Pages outside a workshop (start, join, gates): the brand and the language switch only. */
export function PlainShell({ mainClass, children }: { mainClass: string; children?: ComponentChildren }) {
  return (
    <div class="app-shell">
      <TopBar>
        <div class="topbar-right">
          <LanguageSwitch />
        </div>
      </TopBar>
      <main id="main" class={mainClass}>
        {children}
      </main>
    </div>
  );
}

/** Whether this page follows the facilitator now (not opted out): boards follow their view too. */
export const FollowContext = createContext<{ active: boolean }>({ active: false });

function useFollow(boardId: string | null) {
  const w = useWorkshop();
  const [optedOut, setOptedOut] = useState(false);
  const follows = !w.isFacilitator && w.role !== "pilot";
  const target = w.state.follow;
  useEffect(() => {
    if (!target) setOptedOut(false);
    if (!follows || !target || optedOut || target === boardId) return;
    navigate(paths.board(w.id, target));
  }, [target, optedOut]);
  return { active: follows && Boolean(target) && !optedOut, stop: () => setOptedOut(true) };
}

export function WorkshopFrame({ boardId, children, page }: { boardId: string | null; children: ComponentChildren; page?: string }) {
  const w = useWorkshop();
  const states = useAwarenessStates(w.conn?.awareness ?? null);
  const here = listPeers(w.conn?.awareness ?? null, states);
  const follow = useFollow(boardId);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    w.conn?.awareness.setLocalStateField("at", boardId ?? "");
  }, [w.conn, boardId]);
  useEffect(() => {
    const board = w.info.boards.find((b) => b.id === boardId);
    const heading = board?.title ?? (page === "actions" ? t("actionItems.title") : "");
    document.title = [heading, w.info.title, "Obeya"].filter(Boolean).join(" · ");
  }, [boardId, page, w.info]);

  const facilitator = w.info.participants.find((p) => p.role === "facilitator");
  return (
    <div class="app-shell">
      <TopBar>
        <a class="topbar-title" href={paths.home(w.id)} title={w.info.title}>
          {w.info.title}
        </a>
        {(w.ready || w.finished) && (
          <span class={`phase-chip phase-${w.state.phase}`} data-testid="phase-chip">
            {w.finished ? t("workshop.finishedChip") : t(`phases.${w.state.phase}.name`)}
          </span>
        )}
        <ActionsNavLink current={page === "actions"} />
        <div class="topbar-right">
          <TimerBadge endsAt={w.finished ? "" : w.state.timer_ends_at} />
          <ConnectionBadge status={w.status} />
          <AvatarStack peers={here.filter((p) => !p.self)} />
          <LanguageSwitch />
          <span class="me-chip" title={t(`roles.${w.role}.name`)}>
            <Avatar name={w.me.name} color={w.me.color} size="sm" />
            <span class="me-name">{w.me.name}</span>
            <span class="me-role">{t(`roles.${w.role}.name`)}</span>
          </span>
        </div>
      </TopBar>
      <ConnectionBanner status={w.status} />
      {w.finished && (
        <div class="banner banner-info" role="status">
          <span>{t(w.info.sustain ? "workshop.finishedBannerSustain" : "workshop.finishedBanner")}</span>
          <ReportButton />
        </div>
      )}
      {follow.active && !w.finished && (
        <div class="banner banner-follow" role="status">
          <span>{t("follow.banner", { name: facilitator?.display_name ?? t("roles.facilitator.name") })}</span>
          <button type="button" class="btn btn-small" onClick={follow.stop}>
            {t("follow.stop")}
          </button>
        </div>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        <FollowContext.Provider value={{ active: follow.active && !w.finished }}>{children}</FollowContext.Provider>
      </main>
    </div>
  );
}
