// Generates src/api/schema/<service>.ts from openapi/<service>.json (written by `fluxos openapi`).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";

const source = process.argv[2] ?? "openapi";
const target = process.argv[3] ?? "src/api/schema";
mkdirSync(target, { recursive: true });
const files = readdirSync(source).filter((name) => name.endsWith(".json")).sort();
if (files.length === 0) {
  console.error(`no OpenAPI documents in ${source}: run \`uv run fluxos openapi --out web/openapi\``);
  process.exit(1);
}
for (const file of files) {
  const document = JSON.parse(readFileSync(join(source, file), "utf8"));
  const ast = await openapiTS(document, { alphabetize: false });
  const header = `// Generated from the ${file.replace(".json", "")} service's OpenAPI document; do not edit.\n// Regenerate: uv run fluxos openapi --out web/openapi && (cd web && npm run generate:api)\n\n`;
  const out = join(target, file.replace(".json", ".ts"));
  writeFileSync(out, header + astToString(ast));
  console.log(`wrote ${out}`);
}
