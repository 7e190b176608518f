// A long free-text field that is collaborative text: bound character by character to its Y.Text,
// so two people typing in it both keep their words. A field that still holds a plain string
// (older documents) shows it and becomes a Y.Text on the first edit (`convert`).
import * as Y from "yjs";
import { useLayoutEffect, useRef } from "preact/hooks";
import { bindPlainField, bindTextarea, sharedTextIn } from "../sync/text-binding";
import { describedBy, EditingMarker, editingStyle, useEditing, type EditingField } from "./editing";

interface Props {
  id: string;
  /** the field's current value: a Y.Text, or a plain string / nothing in older documents */
  value: unknown;
  /** turns the field into a Y.Text holding `text` (in one edit); null when it may not */
  convert: (text: string) => Y.Text | null;
  editing?: EditingField;
  readOnly?: boolean;
  rows?: number;
  maxLength?: number;
  placeholder?: string;
  class?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  testid?: string;
}

export function SharedTextArea({ value, convert, editing: target, testid, ...rest }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const shared = value instanceof Y.Text ? value : null;
  const plain = shared ? "" : typeof value === "string" ? value : "";
  const convertRef = useRef(convert);
  convertRef.current = convert;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    return shared ? bindTextarea(el, shared) : bindPlainField(el, plain, (text) => convertRef.current(text));
  }, [shared, plain]);
  // a reader's focus is no edit: only a writable field tells others
  const editing = useEditing(rest.readOnly ? null : (target ?? { item: "", field: rest.id }), rest.id);
  return (
    <>
      <textarea
        {...rest}
        ref={ref}
        readOnly={rest.readOnly}
        placeholder={rest.readOnly ? "" : rest.placeholder}
        onFocus={editing.onFocus}
        onBlur={editing.onBlur}
        aria-describedby={describedBy(rest["aria-describedby"], editing)}
        style={editingStyle(editing)}
        data-testid={testid}
      />
      <EditingMarker editing={editing} long />
    </>
  );
}

/** `value` and `convert` of a SharedTextArea for the field `key` of an item's Y.Map. */
export function sharedField(item: unknown, key: string, edit: (fn: () => void) => void): Pick<Props, "value" | "convert"> {
  const map = item instanceof Y.Map ? (item as Y.Map<unknown>) : null;
  return {
    value: map?.get(key),
    convert: (text) => {
      if (!map) return null;
      let shared: Y.Text | null = null;
      edit(() => (shared = sharedTextIn(map, key, text)));
      return shared;
    },
  };
}
