// Binds a <textarea> to a Y.Text: local typing becomes minimal insert/delete operations
// (LOCAL origin, so undo tracks it); remote changes update the textarea and keep the caret in
// place. IME composition (pinyin) is written once, when the composition ends.
import * as Y from "yjs";
import { LOCAL } from "./connection";

type Delta = { insert?: string | object; delete?: number; retain?: number }[];

export function transformIndex(index: number, delta: Delta): number {
  let pos = 0;
  for (const op of delta) {
    if (pos > index) break;
    if (op.retain) pos += op.retain;
    else if (op.insert !== undefined) {
      const len = typeof op.insert === "string" ? op.insert.length : 1;
      if (pos < index) index += len;
      pos += len;
    } else if (op.delete) {
      index -= Math.min(op.delete, Math.max(0, index - pos));
    }
  }
  return index;
}

/** The single edit turning `before` into `after`: common prefix and suffix kept. */
export function diff(before: string, after: string): { index: number; remove: number; insert: string } {
  let start = 0;
  const min = Math.min(before.length, after.length);
  while (start < min && before[start] === after[start]) start++;
  let end = 0;
  while (end < min - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

export function bindTextarea(el: HTMLTextAreaElement, text: Y.Text): () => void {
  let shown = text.toString(); // what the textarea showed when last in step with the Y.Text
  let composing = false;
  let pending: Delta[] = []; // remote changes that arrived during a composition
  el.value = shown;

  const applyLocal = () => {
    const change = diff(shown, el.value);
    let index = change.index;
    let end = change.index + change.remove;
    for (const d of pending) {
      index = transformIndex(index, d);
      end = transformIndex(end, d);
    }
    pending = [];
    text.doc!.transact(() => {
      if (end > index) text.delete(index, end - index);
      if (change.insert) text.insert(index, change.insert);
    }, LOCAL);
    const now = text.toString();
    if (now !== el.value) {
      const caret = index + change.insert.length;
      el.value = now;
      if (document.activeElement === el) el.setSelectionRange(caret, caret);
    }
    shown = now;
  };

  const onInput = (e: Event) => {
    if (composing || (e as InputEvent).isComposing) return;
    applyLocal();
  };
  const onCompositionStart = () => (composing = true);
  const onCompositionEnd = () => {
    composing = false;
    applyLocal();
  };

  const observer = (event: Y.YTextEvent, tr: Y.Transaction) => {
    if (tr.origin === LOCAL) return;
    const delta = event.delta as Delta;
    if (composing) {
      pending.push(delta);
      return;
    }
    const focused = document.activeElement === el;
    const start = transformIndex(el.selectionStart, delta);
    const end = transformIndex(el.selectionEnd, delta);
    shown = text.toString();
    el.value = shown;
    if (focused) el.setSelectionRange(start, end);
  };

  el.addEventListener("input", onInput);
  el.addEventListener("compositionstart", onCompositionStart);
  el.addEventListener("compositionend", onCompositionEnd);
  text.observe(observer);
  return () => {
    el.removeEventListener("input", onInput);
    el.removeEventListener("compositionstart", onCompositionStart);
    el.removeEventListener("compositionend", onCompositionEnd);
    text.unobserve(observer);
  };
}

/** The Y.Text under `key` of `map`, made from `text` when the field still holds a plain string
 * (documents written before the field was collaborative) or nothing. Call inside the edit's
 * transaction: the string is replaced by a Y.Text holding the same characters in one step. */
export function sharedTextIn(map: Y.Map<unknown>, key: string, text: string): Y.Text {
  const current = map.get(key);
  if (current instanceof Y.Text) return current;
  const shared = new Y.Text(text);
  map.set(key, shared);
  return shared;
}

/** Binds a textarea to a field that may still hold a plain string: shows the string and, on the
 * first local edit (after an IME composition, once), asks `convert` to turn the field into a
 * Y.Text holding the textarea's text, then binds to it character by character. */
export function bindPlainField(el: HTMLTextAreaElement, value: string, convert: (text: string) => Y.Text | null): () => void {
  let composing = false;
  let unbind: (() => void) | null = null;
  if (el.value !== value) el.value = value;
  const toShared = () => {
    if (unbind) return;
    const text = convert(el.value);
    if (text) unbind = bindTextarea(el, text);
  };
  const onInput = (e: Event) => {
    if (!composing && !(e as InputEvent).isComposing) toShared();
  };
  const onCompositionStart = () => (composing = true);
  const onCompositionEnd = () => {
    composing = false;
    toShared();
  };
  el.addEventListener("input", onInput);
  el.addEventListener("compositionstart", onCompositionStart);
  el.addEventListener("compositionend", onCompositionEnd);
  return () => {
    el.removeEventListener("input", onInput);
    el.removeEventListener("compositionstart", onCompositionStart);
    el.removeEventListener("compositionend", onCompositionEnd);
    unbind?.();
  };
}
