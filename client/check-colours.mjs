// Fails when a colour is written as a hex literal outside src/styles/tokens.css: every
// stylesheet and view uses the CSS variables defined there, so one change recolours everywhere.
// The allowed files hold colours that are data, not style: written into a document (group
// colours) or computed per person or pilot site, where a CSS variable cannot go.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), "src");
const TOKENS = "styles/tokens.css";
const DATA_COLOURS = new Set(["boards/ideas/schema.ts", "boards/pilot/KpiChart.tsx", "sync/presence.ts"]);
const HEX = /#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b/g;
// In TS a hex colour is a string literal of its own ("#fff" / '#fff'); ids like "#fb-arrow"
// or `#${id}` are not colours.
const TS_HEX = /["'`](#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4}))["'`]/g;

const found = [];
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = path.relative(src, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
  const css = file.endsWith(".css");
  if (file === TOKENS || DATA_COLOURS.has(file) || !(css || /\.tsx?$/.test(file))) continue;
  readFileSync(path.join(src, file), "utf8")
    .split("\n")
    .forEach((line, i) => {
      // In CSS only values are searched: a selector such as `#add {` is an id, not a colour.
      const text = css ? (/[{,]\s*$/.test(line) ? "" : line.slice(line.indexOf(":") + 1)) : line;
      for (const m of text.matchAll(css ? HEX : TS_HEX)) found.push(`src/${file}:${i + 1}: ${css ? m[0] : m[1]}`);
    });
}
if (found.length) {
  console.error(`colour literals outside src/${TOKENS} (use a variable from there):\n${found.join("\n")}`);
  process.exit(1);
}
