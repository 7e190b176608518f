// The outline's toolbar: the same structure edits as its keys, for mouse and touch.
import type { JSX } from "preact";
import { ft } from "./i18n";
import { OutlineIcon } from "./OutlineRows";

export interface OutlineTool {
  icon: string;
  label: string;
  run: () => void;
  disabled: boolean;
  test: string;
}

export function OutlineTools({ tools }: { tools: OutlineTool[] }): JSX.Element {
  return (
    <div class="fishbone-outline-tools" role="toolbar" aria-label={ft("outline.tools")}>
      {tools.map((tool) => (
        <button
          key={tool.test}
          type="button"
          class={`btn btn-small ${tool.test === "fb-add" ? "btn-primary" : "btn-ghost"}${tool.test === "fb-delete" ? " btn-danger-text" : ""}`}
          disabled={tool.disabled}
          onClick={tool.run}
          title={tool.label}
          aria-label={tool.label}
          data-testid={tool.test}
        >
          <OutlineIcon name={tool.icon} />
          {(tool.test === "fb-add" || tool.test === "fb-add-sub") && <span class="tool-label">{tool.label}</span>}
        </button>
      ))}
    </div>
  );
}
