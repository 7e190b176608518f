// A handful of stroke icons (24×24, currentColor). Decorative: callers label the control.
import type { JSX } from "preact";

const paths: Record<string, string> = {
  undo: "M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11",
  redo: "m15 14 5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13",
  lock: "M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4",
  unlock: "M6 11h12v10H6zM8 11V7a4 4 0 0 1 7.5-2",
  plus: "M12 5v14M5 12h14",
  back: "M15 18l-6-6 6-6",
  copy: "M9 9h11v11H9zM5 15H4V4h11v1",
  check: "M5 12.5l4.5 4.5L19 7",
  timer: "M12 8v5l3 2M9 2h6M12 22a8 8 0 1 0 0-16 8 8 0 0 0 0 16z",
  eye: "M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
  trash: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  follow: "M4 12h12M12 6l6 6-6 6M20 4v16",
  flag: "M5 21V4M5 4h11l-2 4 2 4H5",
  alert: "M12 3 2 20h20zM12 10v4M12 17h.01",
  link: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
  users:
    "M16 20v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM21 20v-1a4 4 0 0 0-3-3.9M16 4.1a3.5 3.5 0 0 1 0 6.8",
  grip: "M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01",
  palette:
    "M12 3a9 9 0 1 0 0 18c1 0 1.5-.7 1.5-1.5 0-1.2-1-1.5-1-2.5s.8-1.5 2-1.5H17a4 4 0 0 0 4-4c0-4.7-4-8.5-9-8.5zM7.5 11h.01M10 7.5h.01M14.5 7.5h.01",
  board: "M4 4h16v16H4zM4 9h16M9 9v11",
  note: "M5 4h14v11l-5 5H5zM14 20v-5h5",
  x: "M6 6l12 12M18 6 6 18",
  stop: "M7 7h10v10H7z",
  report: "M6 3h9l4 4v14H6zM14 3v5h5M9 13h7M9 17h7",
  flow: "M3 8h5v8H3zM10 8h5v8h-5zM17 8h4v8h-4zM8 12h2M15 12h2",
  fishbone: "M2 12h17l3-3v6l-3-3M6 12l-3-5M11 12 8 7M6 12l-3 5M11 12l-3 5M16 12l-2-4M16 12l-2 4",
  grid: "M3 4h18v16H3zM3 9h18M3 14h18M9 4v16M15 4v16",
  bulb: "M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z",
  chart: "M4 20V4M4 20h16M8 16l4-5 3 3 5-6",
  rollout: "M3 20h18M5 16l4-4 3 3 7-7M14 8h5v5",
  pencil: "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4",
  download: "M12 4v11M7 10l5 5 5-5M5 20h14",
  indent: "M5 5v8h10M11 9l4 4-4 4",
  right: "M5 12h14M13 6l6 6-6 6",
  left: "M19 12H5M11 6l-6 6 6 6",
  up: "M12 19V5M6 11l6-6 6 6",
  down: "M12 5v14M6 13l6 6 6-6",
};

export function Icon({ name, size = 18 }: { name: keyof typeof paths | string; size?: number }): JSX.Element {
  const round = name === "grip";
  return (
    <svg
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width={round ? 3 : 1.8}
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name] ?? ""} />
    </svg>
  );
}
