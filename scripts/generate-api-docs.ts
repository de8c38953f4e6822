// `npm run docs:api`: writes docs/api.md from the REST route table. A test fails when the
// committed file differs from what this produces, so run it after changing a route.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { API_DOCS_PATH, renderApiDocs } from "../apps/web/src/server/rest/reference-docs.ts";
import { REPO_ROOT } from "../packages/localstack/src/paths.ts";

const target = path.join(REPO_ROOT, API_DOCS_PATH);
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, renderApiDocs());
console.error(`wrote ${API_DOCS_PATH}`);
