// What the canary test plants through the HTTP interfaces (tRPC and REST, one plan for both): a
// canary in every secret field at one scope, including updates and .env imports, and requests
// that must fail while carrying canaries.
import type { CanarySet } from "./canaries.ts";
import type { EnvironmentApi, EnvironmentScope } from "./environment-api.ts";
import type { HttpAnswer } from "./transcript.ts";

/** Fails with the answer when its status is not the expected one. */
export function expectStatus(answer: HttpAnswer, status: number, what: string): HttpAnswer {
  if (answer.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${answer.status}: ${answer.text.slice(0, 2_000)}`);
  }
  return answer;
}

/**
 * Plants a canary in every secret field through one interface at one scope: a secret environment
 * variable, one whose secret is changed, a connection with a password and a secret extra field
 * (then its extra changed keeping the secret), a URI connection whose password is changed, a
 * secret Airflow variable (then its description changed keeping the value), and a .env import
 * of secret lines overwritten by a second import. Workspace objects reach every deployment.
 */
export async function plantEverySecret(
  api: EnvironmentApi,
  scope: EnvironmentScope,
  set: CanarySet,
): Promise<void> {
  const tag = `${api.name} ${scope}`;
  const prefix = `${api.name}_${scope}`.toUpperCase();
  const links = scope === "workspace" ? { linkAllDeployments: true } : {};
  const plant = (field: string, delivered = true) => set.plant(`${tag}: ${field}`, { delivered });
  const created = (answer: HttpAnswer, what: string) =>
    expectStatus(answer, api.name === "REST" ? 201 : 200, `${tag}: ${what}`);
  const ok = (answer: HttpAnswer, what: string) => expectStatus(answer, 200, `${tag}: ${what}`);

  created(
    await api.create("environmentVariable", scope, {
      key: `${prefix}_WAREHOUSE_PASSWORD`,
      value: plant("secret environment variable"),
      isSecret: true,
      ...links,
    }),
    "create a secret environment variable",
  );
  created(
    await api.create("environmentVariable", scope, {
      key: `${prefix}_ROTATED_TOKEN`,
      value: plant("secret environment variable before its update", false),
      isSecret: true,
      ...links,
    }),
    "create a secret environment variable to update",
  );
  ok(
    await api.update("environmentVariable", scope, `${prefix}_ROTATED_TOKEN`, {
      value: plant("secret environment variable after its update"),
    }),
    "change a secret environment variable",
  );
  // A plain variable made secret together with a new value.
  created(
    await api.create("environmentVariable", scope, {
      key: `${prefix}_MADE_SECRET`,
      value: "not secret yet",
      ...links,
    }),
    "create a plain environment variable",
  );
  ok(
    await api.update("environmentVariable", scope, `${prefix}_MADE_SECRET`, {
      value: plant("environment variable made secret by an update"),
      isSecret: true,
    }),
    "make an environment variable secret",
  );

  const connectionId = `${prefix.toLowerCase()}_warehouse`;
  created(
    await api.create("airflowConnection", scope, {
      connectionId,
      connType: "postgres",
      host: "db.internal",
      port: 5432,
      login: "etl",
      password: plant("connection password"),
      schema: "analytics",
      extra: { sslmode: "require", private_key: plant("secret connection extra field") },
      secretExtraFields: ["private_key"],
      description: "The warehouse",
      ...links,
    }),
    "create a connection with a password and a secret extra field",
  );
  // The secret extra field sent as null keeps its stored value.
  ok(
    await api.update("airflowConnection", scope, connectionId, {
      extra: { sslmode: "verify-full", private_key: null },
    }),
    "change a connection's extra, keeping its secret field",
  );
  const uriConnectionId = `${prefix.toLowerCase()}_lake`;
  created(
    await api.create("airflowConnection", scope, {
      connectionId: uriConnectionId,
      uri: `mysql://loader:${plant("URI connection password before its update", false)}@lake.internal:3306/raw?charset=utf8`,
      ...links,
    }),
    "create a connection from a URI",
  );
  ok(
    await api.update("airflowConnection", scope, uriConnectionId, {
      password: plant("URI connection password after its update"),
    }),
    "change a connection's password",
  );

  const variableKey = `${prefix.toLowerCase()}_partner_api_key`;
  created(
    await api.create("airflowVariable", scope, {
      key: variableKey,
      value: plant("secret Airflow variable"),
      isSecret: true,
      description: "Partner API key",
      ...links,
    }),
    "create a secret Airflow variable",
  );
  ok(
    await api.update("airflowVariable", scope, variableKey, {
      description: "Partner API key (rotated yearly)",
    }),
    "change a secret Airflow variable's description, keeping its value",
  );

  ok(
    await api.importDotenv(scope, {
      text: [
        "# from the old server",
        `${prefix}_IMPORTED_TOKEN=${plant(".env import secret line, later overwritten", false)}`,
        `export ${prefix}_IMPORTED_DSN="${plant(".env import quoted secret line")}"`,
        "",
      ].join("\n"),
      isSecret: true,
      ...links,
    }),
    "import a .env file of secrets",
  );
  ok(
    await api.importDotenv(scope, {
      text: `${prefix}_IMPORTED_TOKEN=${plant(".env import overwriting a secret")}\n`,
      overwrite: true,
    }),
    "import a .env file overwriting a secret",
  );
}

/** Asks `api` to create the secret deployment variable `key` = `value`, which it must refuse with `status`. */
export async function refuseSecretVariable(
  api: EnvironmentApi,
  key: string,
  value: string,
  status: number,
  what: string,
): Promise<void> {
  expectStatus(
    await api.create("environmentVariable", "deployment", { key, value, isSecret: true }),
    status,
    what,
  );
}

/** Requests that must fail, each carrying a canary in a secret field; none may echo it. */
export async function plantInErrors(api: EnvironmentApi, set: CanarySet): Promise<void> {
  const tag = `${api.name} error`;
  const plant = (what: string) => set.plant(`${tag}: ${what}`, { delivered: false });
  const refused = (answer: HttpAnswer, expected: number, what: string) =>
    expectStatus(answer, expected, `${tag}: ${what}`);
  const scope = "deployment";
  const prefix = api.name.toUpperCase();

  // [key, what the canary stands for, value after the canary, status, what is refused]
  const refusedSecrets: [string, string, string, number, string][] = [
    ["AIRFLOW__CORE__FERNET_KEY", "reserved name with a secret value", "", 400, "reserved name"],
    ["1 NOT A NAME", "invalid name with a secret value", "", 400, "invalid name"],
    [`${prefix}_TOO_BIG`, "oversized secret value", "x".repeat(70 * 1024), 400, "oversized value"],
    [
      `${prefix}_DEPLOYMENT_WAREHOUSE_PASSWORD`,
      "duplicate name with a secret value",
      "",
      409,
      "duplicate name",
    ],
  ];
  for (const [key, canary, padding, status, what] of refusedSecrets) {
    await refuseSecretVariable(api, key, `${plant(canary)}${padding}`, status, `${tag}: ${what}`);
  }
  refused(
    await api.create("environmentVariable", scope, {
      key: `${prefix}_BAD_FLAG`,
      value: "v",
      isSecret: plant("secret flag given a secret instead of true/false"),
    }),
    400,
    "a secret where a flag belongs",
  );
  refused(
    await api.update("environmentVariable", scope, `${prefix}_NO_SUCH_VARIABLE`, {
      value: plant("update of a missing variable"),
    }),
    404,
    "missing variable",
  );
  refused(
    await api.createRaw(
      "environmentVariable",
      scope,
      `{"key": "${prefix}_MALFORMED", "value": ${plant("malformed JSON body (unquoted secret)")}, "isSecret": true}`,
    ),
    400,
    "malformed JSON",
  );
  refused(
    await api.create("airflowConnection", scope, {
      connectionId: "not an id!",
      connType: "",
      port: 70_000,
      password: plant("invalid connection's password"),
      extra: { private_key: plant("invalid connection's secret extra field") },
      secretExtraFields: ["private_key", "missing_field"],
    }),
    400,
    "invalid connection",
  );
  refused(
    await api.create("airflowConnection", scope, {
      connectionId: `${prefix.toLowerCase()}_hash_in_uri`,
      uri: `postgres://etl:${plant("URI password with an unencoded '#'")}#tail@db.internal:5432/analytics`,
    }),
    400,
    "URI with '#'",
  );
  refused(
    await api.create("airflowConnection", scope, {
      connectionId: `${prefix.toLowerCase()}_bad_port_uri`,
      uri: `postgres://etl:${plant("URI password with a bad port")}@db.internal:port/analytics`,
    }),
    400,
    "URI with a bad port",
  );
  refused(
    await api.create("airflowConnection", scope, {
      connectionId: `${prefix.toLowerCase()}_bad_extra`,
      connType: "http",
      extra: plant("extra that is not an object"),
    }),
    400,
    "extra that is not an object",
  );
  refused(
    await api.create("airflowVariable", scope, {
      key: "not a key!",
      value: plant("invalid Airflow variable's secret value"),
      isSecret: true,
    }),
    400,
    "invalid Airflow variable key",
  );
  refused(
    await api.importDotenv(scope, {
      text: [
        `${prefix}_GOOD=1`,
        `this line is not an assignment ${plant(".env line without '='")}`,
        `AIRFLOW__CORE__FERNET_KEY=${plant(".env line with a reserved name")}`,
        `1BAD=${plant(".env line with an invalid name")}`,
        `${prefix}_UNCLOSED="${plant(".env line with an unclosed quote")}`,
      ].join("\n"),
      isSecret: true,
    }),
    400,
    ".env import with bad lines",
  );
}
