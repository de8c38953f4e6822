import { type Action, PERMISSIONS, type PermissionRule } from "./permissions.ts";
import { DEPLOYMENT_ROLES, ORGANIZATION_ROLES, WORKSPACE_ROLES } from "./roles.ts";

/** Where the generated document lives, relative to the repository root. */
export const RBAC_DOCS_PATH = "docs/rbac.md";

const SCOPES: Array<{ scope: PermissionRule["scope"]; heading: string; intro: string }> = [
  {
    scope: "organization",
    heading: "Organization actions",
    intro: "Checked against the caller's role in the organization.",
  },
  {
    scope: "workspace",
    heading: "Workspace actions",
    intro:
      "Checked against the caller's effective role in the workspace named by the request (organization owners count as WORKSPACE_OWNER).",
  },
  {
    scope: "deployment",
    heading: "Deployment actions",
    intro:
      "Checked against the caller's role in the deployment's workspace, or DEPLOYMENT_ADMIN on that deployment, whichever the rule accepts.",
  },
];

const strongestFirst = <R extends string>(roles: readonly R[]): R[] => [...roles].reverse();

/** The roles at or above `minimum`, strongest first. */
function atLeast<R extends string>(roles: readonly R[], minimum: R): R[] {
  return strongestFirst(roles.slice(roles.indexOf(minimum)));
}

const code = (text: string) => `\`${text}\``;

/** Who satisfies a rule, spelled out with every stronger and inherited role. */
export function describeWhoMay(rule: PermissionRule): string {
  const parts: string[] = [];
  if (rule.allow.organization) {
    parts.push(atLeast(ORGANIZATION_ROLES, rule.allow.organization).map(code).join(", "));
  }
  if (rule.allow.workspace) {
    const where = rule.scope === "deployment" ? "of the deployment's workspace" : "of the workspace";
    parts.push(`${atLeast(WORKSPACE_ROLES, rule.allow.workspace).map(code).join(", ")} ${where}`);
    if (!rule.allow.organization)
      parts.push(`${code("ORGANIZATION_OWNER")} (as WORKSPACE_OWNER of every workspace)`);
  }
  if (rule.allow.deployment) parts.push(`${code(rule.allow.deployment)} of the deployment`);
  const who = parts.join("; ");
  return rule.usersOnly ? `${who} — people only, not API tokens` : who;
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/**
 * Renders docs/rbac.md from the permission table. `npm run docs:rbac` writes it; a test
 * fails when the committed file differs, so the document cannot drift from the code.
 */
export function renderRbacDocs(): string {
  const lines: string[] = [
    "# Roles and permissions",
    "",
    "<!-- Generated from PERMISSIONS in packages/domain/src/authz/permissions.ts by `npm run docs:rbac`. Do not edit by hand. -->",
    "",
    "Skyport has one permission table in code. Every entry point — the console's tRPC API, the REST API,",
    "the CLI and background jobs — goes through the same authorization check, and this page is generated",
    "from that table.",
    "",
    "## Roles",
    "",
    "Roles are ordered; a role includes every right of the roles below it at the same level.",
    "",
    `- **Organization:** ${strongestFirst(ORGANIZATION_ROLES).map(code).join(" > ")}.`,
    `- **Workspace:** ${strongestFirst(WORKSPACE_ROLES).map(code).join(" > ")}. Granted to users or to teams.`,
    `- **Deployment:** ${DEPLOYMENT_ROLES.map(code).join(", ")}, on a single deployment. Granted to users or to teams.`,
    "",
    "## How roles combine",
    "",
    "- An `ORGANIZATION_OWNER` holds `WORKSPACE_OWNER` on every workspace of the organization.",
    "- A person's role in a workspace is the highest of their direct role, the roles of every team they",
    "  belong to, and the one inherited as organization owner.",
    "- Deployment actions accept a role in the deployment's workspace or `DEPLOYMENT_ADMIN` on that",
    "  deployment, as each rule below says. `DEPLOYMENT_ADMIN` gives nothing outside its deployment.",
    "- Organization roles below owner give no workspace role by themselves.",
    "",
    "## API tokens",
    "",
    "- A token is scoped to the organization, one workspace or one deployment, and carries one role of",
    "  that scope (`ORGANIZATION_*`, `WORKSPACE_*` or `DEPLOYMENT_ADMIN`). It acts exactly like someone",
    "  holding that role there and nowhere else: a workspace token has no organization role, and only an",
    "  `ORGANIZATION_OWNER` token counts as `WORKSPACE_OWNER` on every workspace.",
    "- A token never has more rights than its creator had when creating it: the creator's own role at the",
    "  token's scope must be at least the token's role. A token that creates a token is bound the same way.",
    "- Actions marked *people only* cannot be done with a token.",
    "- The secret (`skp_…`) is shown once; Skyport stores only its SHA-256 hash. Tokens can expire and be",
    "  revoked, and their last use is recorded.",
    "",
    "## Not found or forbidden",
    "",
    "An id from another organization answers **NOT_FOUND**, exactly like an id that does not exist, so",
    "nothing can be learned about other tenants. **FORBIDDEN** is answered only to callers who belong to",
    "the organization but whose role is too weak; its message names the role needed.",
  ];

  const entries = Object.entries(PERMISSIONS) as Array<[Action, PermissionRule]>;
  for (const { scope, heading, intro } of SCOPES) {
    lines.push(
      "",
      `## ${heading}`,
      "",
      intro,
      "",
      "| Action | What it allows | Who may do it |",
      "| --- | --- | --- |",
    );
    for (const [action, rule] of entries) {
      if (rule.scope !== scope) continue;
      lines.push(
        `| ${code(action)} | ${escapeCell(rule.description)} | ${escapeCell(describeWhoMay(rule))} |`,
      );
    }
  }
  lines.push("");
  return lines.join("\n");
}
