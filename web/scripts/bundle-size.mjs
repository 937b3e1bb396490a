// First-load JavaScript of the production build, gzipped: the entry script and its static imports
// (modulepreload links in dist/index.html). Lazy chunks are not counted. Fails over the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const budget = Number(process.env.FLUXOS_WEB_JS_BUDGET_KB ?? 300) * 1024;
const html = readFileSync(join(dist, "index.html"), "utf8");
const scripts = new Set();
for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) scripts.add(match[1]);
for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) scripts.add(match[1]);
let total = 0;
const files = [];
for (const src of scripts) {
  const bytes = readFileSync(join(dist, src.replace(/^\//, "")));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  files.push({ file: src, bytes: bytes.length, gzip: gz });
}
console.log(JSON.stringify({ first_load_js_gzip_bytes: total, budget_bytes: budget, files }));
if (total > budget) {
  console.error(`first-load JS is ${(total / 1024).toFixed(1)} KB gzipped, over the ${budget / 1024} KB budget`);
  process.exit(1);
}
