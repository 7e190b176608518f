// Modal dialog on the native <dialog> element: focus trap, Escape and backdrop for free.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n";
import { Icon } from "./icons";

export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (props.open && !el.open) el.showModal();
    if (!props.open && el.open) el.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      class={`dialog${props.wide ? " dialog-wide" : ""}`}
      aria-label={props.title}
      onClose={props.onClose}
      onClick={(e) => {
        if (e.target === ref.current) props.onClose();
      }}
    >
      <div class="dialog-head">
        <h2>{props.title}</h2>
        <button type="button" class="btn btn-icon btn-ghost" aria-label={t("actions.close")} onClick={props.onClose}>
          <Icon name="x" />
        </button>
      </div>
      <div class="dialog-body">{props.open && props.children}</div>
    </dialog>
  );
}
