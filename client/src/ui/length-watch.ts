// Every field with a length limit announces it before it cuts. One watcher for the page rather
// than a counter in each of the ~60 limited fields: from 80 % of the limit the focused field
// shows how many characters it holds, at the limit that it is full, and after a paste or
// typing the limit cut, how many characters were left out (the browser drops them silently).
// Fields that render their own counter (ui/counter.tsx, described by "<id>-count") are left to it.
// The note is one element outside the rendered tree, so no board's markup changes.
import { t } from "../i18n";

const NOTE_ID = "length-watch";
const TEXT_TYPES = new Set(["text", "search", "url", "email", "tel", ""]);
type Field = HTMLInputElement | HTMLTextAreaElement;

let note: HTMLElement | null = null;
let watched: Field | null = null;
let cut = 0; // characters the last insertion into `watched` lost to the limit

function limited(el: EventTarget | null): el is Field {
  const field = (el instanceof HTMLInputElement && TEXT_TYPES.has(el.type)) || el instanceof HTMLTextAreaElement ? el : null;
  if (!field || field.maxLength <= 0 || field.readOnly || field.disabled) return false;
  const described = (field.getAttribute("aria-describedby") ?? "").split(/\s+/);
  return !(field.id && described.includes(`${field.id}-count`));
}

function noteElement(): HTMLElement {
  if (note?.isConnected) return note;
  note = document.createElement("p");
  note.id = NOTE_ID;
  note.className = "hint length-counter length-watch";
  note.setAttribute("role", "status");
  note.setAttribute("aria-live", "polite");
  note.dataset.testid = "length-counter";
  document.body.append(note);
  return note;
}

function describe(field: Field, on: boolean): void {
  const ids = (field.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== NOTE_ID);
  if (on) ids.push(NOTE_ID);
  if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
  else field.removeAttribute("aria-describedby");
}

function hide(): void {
  if (watched) describe(watched, false);
  note?.remove();
  note = null;
}

function show(): void {
  const field = watched;
  if (!field?.isConnected) return hide();
  const length = field.value.length;
  const max = field.maxLength;
  if (length < max * 0.8 && !cut) return hide();
  const el = noteElement();
  const count = t("pasteLines.counter", { count: length, max });
  el.textContent = cut ? `${count}: ${t("lengthWatch.cut", { count: cut })}` : length >= max ? `${count}: ${t("lengthWatch.full")}` : count;
  el.classList.toggle("full", length >= max || cut > 0);
  const box = field.getBoundingClientRect();
  el.style.top = `${Math.round(box.bottom + 2)}px`;
  el.style.left = `${Math.round(box.left)}px`;
  el.style.width = `${Math.round(Math.max(box.width, 160))}px`;
  describe(field, true);
}

/** Characters an insertion will lose to the limit, before the browser cuts them. */
function lost(field: Field, e: InputEvent): number {
  const text = e.data ?? e.dataTransfer?.getData("text/plain") ?? "";
  if (!text || e.isComposing) return 0;
  const selected = Math.abs((field.selectionEnd ?? 0) - (field.selectionStart ?? 0));
  const inserted = field instanceof HTMLInputElement ? text.replace(/[\r\n]+/g, "") : text;
  return Math.max(0, field.value.length - selected + inserted.length - field.maxLength);
}

/** Installs the watcher on the page (once, at start-up). */
export function watchLengths(): void {
  document.addEventListener("focusin", (e) => {
    if (watched && watched !== e.target) hide();
    watched = limited(e.target) ? e.target : null;
    cut = 0;
    show();
  });
  document.addEventListener("focusout", (e) => {
    if (e.target !== watched) return;
    hide();
    watched = null;
  });
  document.addEventListener("beforeinput", (e) => {
    if (e.target !== watched || !watched) return;
    cut = lost(watched, e);
    // a full field takes nothing and fires no input event: say so all the same
    if (cut) setTimeout(show);
  });
  document.addEventListener("input", (e) => {
    if (e.target === watched) show();
  });
  const follow = () => watched && note && show();
  window.addEventListener("scroll", follow, true);
  window.addEventListener("resize", follow);
}
