import { useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { Icon } from "./icons";
import { notify } from "./toast";

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      /* fall through to the selection fallback */
    }
  }
  if (!input) return false;
  input.focus();
  input.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

/** A link in a read-only field (selectable by hand) with a copy button. */
export function CopyField({ value, label }: { value: string; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const ok = await copyText(value, input.current);
    setCopied(ok);
    notify(ok ? t("invites.copied") : t("invites.copyByHand"));
    if (ok) setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div class="copy-field">
      <input
        ref={input}
        type="text"
        readOnly
        value={value}
        aria-label={label}
        onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
      />
      <button type="button" class="btn btn-small" onClick={copy}>
        <Icon name={copied ? "check" : "copy"} size={16} />
        <span>{copied ? t("invites.copiedShort") : t("invites.copy")}</span>
      </button>
    </div>
  );
}
