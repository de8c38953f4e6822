// `npm run docs:rbac`: writes docs/rbac.md from the permission table. A test fails when the
// committed file differs from what this produces, so run it after changing PERMISSIONS.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { RBAC_DOCS_PATH, renderRbacDocs } from "../packages/domain/src/authz/rbac-docs.ts";
import { REPO_ROOT } from "../packages/localstack/src/paths.ts";

const target = path.join(REPO_ROOT, RBAC_DOCS_PATH);
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, renderRbacDocs());
console.error(`wrote ${RBAC_DOCS_PATH}`);
