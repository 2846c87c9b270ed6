/**
 * `tsx lib/openapi/copy-docs-assets.ts` (run first by `npm run build` and `npm run dev`):
 * copies Swagger UI's bundle and stylesheet from node_modules/swagger-ui-dist into
 * public/vendor/swagger-ui/, where the API docs pages (./docs-page.ts) load them from this
 * origin (offline, no CDN). Existing copies are overwritten; fails when the package is missing.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { DOCS_ASSET_FILES, DOCS_ASSET_PREFIX } from "./docs-page";

const from = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const to = path.join(path.resolve("public"), DOCS_ASSET_PREFIX);
mkdirSync(to, { recursive: true });
for (const file of DOCS_ASSET_FILES) {
  copyFileSync(path.join(from, file), path.join(to, file));
  console.log(`copied ${path.relative(process.cwd(), path.join(to, file))}`);
}
