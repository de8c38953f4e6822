// `npm run cli:api` (and npm install's postinstall): writes the CLI's generated API types and
// enum values (apps/cli/src/api/schema.ts, not committed) from the OpenAPI document of the REST
// routes. A test fails when the file differs from what this produces, so run it after changing a route.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { CLI_API_SCHEMA_PATH, renderCliApiSchema } from "../apps/cli/scripts/api-schema.ts";
import { REPO_ROOT } from "../packages/localstack/src/paths.ts";

await writeFile(path.join(REPO_ROOT, CLI_API_SCHEMA_PATH), await renderCliApiSchema());
console.error(`wrote ${CLI_API_SCHEMA_PATH}`);
