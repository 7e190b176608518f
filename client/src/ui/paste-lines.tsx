// Pasting several lines into a one-line field (a cause, an idea, a sticky, a step name): the
// browser would join them and the length limit would cut the rest, so the field offers to make
// one item per line instead, and nothing pasted is lost either way.
import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n";

const MARKER = /^(?:[-*•·・]|\d{1,3}[.)、．）])\s*/;

/** The non-blank lines of pasted text, without list markers ("- ", "• ", "3. "). */
export function pastedLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(MARKER, "").trim())
    .filter(Boolean);
}

/** The lines of a paste event when there are several, else null (an ordinary paste). */
export function multiLinePaste(e: ClipboardEvent): string[] | null {
  const lines = pastedLines(e.clipboardData?.getData("text/plain") ?? "");
  return lines.length > 1 ? lines : null;
}

export function PasteLinesPrompt(p: { lines: string[]; onCreate: () => void; onAsOne: () => void; onCancel: () => void }) {
  const create = useRef<HTMLButtonElement>(null);
  useEffect(() => create.current?.focus(), []);
  return (
    <div
      class="paste-lines"
      role="group"
      aria-label={t("pasteLines.prompt", { count: p.lines.length })}
      data-testid="paste-lines"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          p.onCancel();
        }
      }}
    >
      <span>{t("pasteLines.prompt", { count: p.lines.length })}</span>
      <button type="button" class="primary" data-testid="paste-lines-create" onClick={p.onCreate} ref={create}>
        {t("pasteLines.create", { count: p.lines.length })}
      </button>
      <button type="button" data-testid="paste-lines-as-one" onClick={p.onAsOne}>
        {t("pasteLines.asOne")}
      </button>
    </div>
  );
}
