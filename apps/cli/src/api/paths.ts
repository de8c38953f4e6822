// Paths for the untyped calls of the environment commands, until they move to the generated
// client (`ApiClient.api`), which every other command uses. Ids are encoded so a name typed by
// mistake where an id belongs cannot walk to another path.
export { API_V1 } from "./client.ts";

import { API_V1 } from "./client.ts";

export const paths = {
  deployments: (org: string) => `${API_V1}/organizations/${encodeURIComponent(org)}/deployments`,
};
