// Bundles the browser client into server/static/app/ (main.js, main.css).
// `node build.mjs` builds once (minified); `node build.mjs --watch` rebuilds on change.
import * as esbuild from "esbuild";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, "../server/static/app");
const watch = process.argv.includes("--watch");

/** @type {esbuild.BuildOptions} */
const options = {
  entryPoints: { main: path.join(here, "src/main.tsx") },
  outdir,
  bundle: true,
  format: "esm",
  splitting: true, // rarely used parts (the QR encoder) load on demand
  chunkNames: "chunks/[name]-[hash]",
  target: ["es2022"], // class fields stay native: no helper chunk shared with lazy parts
  minify: !watch && !process.env.OBEYA_NO_MINIFY,
  sourcemap: watch ? "inline" : false,
  legalComments: "none",
  jsx: "automatic",
  jsxImportSource: "preact",
  loader: { ".json": "json" },
  define: { "process.env.NODE_ENV": watch ? '"development"' : '"production"' },
  logLevel: "warning",
  metafile: true,
};

/** The chunks main.js imports statically: the page asks for them at once (modulepreload)
 *  instead of discovering them only after main.js has arrived. */
function writePreloads(metafile) {
  const main = Object.entries(metafile.outputs).find(([, out]) => out.entryPoint?.endsWith("src/main.tsx"));
  const chunks = (main?.[1].imports ?? [])
    .filter((i) => i.kind === "import-statement")
    .map((i) => path.relative(outdir, path.resolve(i.path)).split(path.sep).join("/"));
  writeFileSync(path.join(outdir, "preload.json"), JSON.stringify(chunks) + "\n");
}

rmSync(path.join(outdir, "chunks"), { recursive: true, force: true }); // no stale chunks
mkdirSync(outdir, { recursive: true });
if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log(`watching, writing to ${outdir}`);
} else {
  const result = await esbuild.build(options);
  writePreloads(result.metafile);
  const chunks = readdirSync(path.join(outdir, "chunks")).map((f) => path.join("chunks", f));
  for (const name of ["main.js", "main.css", ...chunks]) {
    const file = path.join(outdir, name);
    const raw = statSync(file).size;
    const gz = gzipSync(readFileSync(file), { level: 9 }).length;
    console.log(`${name.padEnd(28)} ${(raw / 1024).toFixed(1).padStart(7)} KiB  ${(gz / 1024).toFixed(1).padStart(6)} KiB gzip`);
  }
}
