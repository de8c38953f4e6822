// fast-check generators of render inputs: valid deployment specs (from the spec package's own
// generators) with every platform option and customer environment.

import type { DeploymentSpecInput } from "@skyport/deployment-spec";
import fc from "fast-check";
import { ALNUM, dnsLabel, label, specInput } from "../../../deployment-spec/test/support/arbitraries.ts";
import type { EnvironmentEntry, RenderInput } from "../../src/index.ts";
import { SECRETS } from "./fixtures.ts";

const ipv4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
  .map((p) => p.join("."));

const labelValue = label(ALNUM, 32);

const UPPER_KEY = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"];

/** Customer environment entries: valid, unreserved keys (unique per delivered name), any text. */
/** The ingest token generated inputs carry (never in redacted output, nor outside its Secret). */
export const INGEST_TOKEN = `skl_${"t".repeat(43)}`;

export function environmentEntries(): fc.Arbitrary<EnvironmentEntry[]> {
  const entry = fc.record({
    kind: fc.constantFrom("environmentVariable", "airflowConnection", "airflowVariable" as const),
    // A prefix no reserved name has, so every generated key is deliverable.
    key: fc.string({ unit: fc.constantFrom(...UPPER_KEY), maxLength: 20 }).map((tail) => `APP_${tail}`),
    value: fc.string({ maxLength: 60 }),
    rowId: fc.uuid(),
    valueVersion: fc.integer({ min: 1, max: 50 }),
  }) as fc.Arbitrary<EnvironmentEntry>;
  return fc.uniqueArray(entry, { maxLength: 6, selector: (e) => `${e.kind}:${e.key}` });
}

export interface RenderCase {
  readonly specInput: DeploymentSpecInput;
  readonly platform: Omit<RenderInput, "spec" | "name">;
}

export function renderCase(): fc.Arbitrary<RenderCase> {
  return fc.record({
    specInput: specInput(),
    platform: fc.record({
      deploymentId: labelValue,
      shortId: dnsLabel(12),
      organizationId: labelValue,
      workspaceId: labelValue,
      generation: fc.integer({ min: 0, max: 10_000 }),
      baseDomain: fc.constantFrom("airflow.example.com", "eu.skyport.example", "test"),
      controlPlane: fc.oneof(
        fc.record({ namespace: dnsLabel(20) }),
        fc.record({
          namespace: dnsLabel(20),
          podLabels: fc.constant({ "app.kubernetes.io/name": "skyport-worker" }),
        }),
        fc.record({ namespace: dnsLabel(20), cidr: fc.constant("10.250.0.0/16") }),
      ),
      runtimeDatabase: fc.oneof(
        fc.record({ host: ipv4, port: fc.integer({ min: 1, max: 65535 }) }),
        fc.record({
          host: fc.constant("pg.runtime.internal"),
          port: fc.constant(5432),
          cidr: fc.constant("10.30.0.0/24"),
        }),
      ),
      clusterApi: fc.constant({ cidr: "10.96.0.1/32", port: 443 }),
      ingress: fc.option(
        fc.record(
          {
            className: fc.constant("nginx"),
            controllerNamespace: dnsLabel(20),
            tlsSecretName: fc.constant("wildcard-tls"),
          },
          { requiredKeys: [] },
        ),
        { nil: undefined },
      ),
      secrets: fc.constantFrom(SECRETS, "redacted" as const),
      environment: environmentEntries(),
      // DAG bundles (with their sync containers) or none, so every property covers both.
      bundleSync: fc.option(
        fc.record({
          url: fc.constantFrom("https://skyport.example.com", "http://10.0.0.7:3000/"),
          cidr: fc.constantFrom("203.0.113.10/32", "10.0.0.7/32"),
          port: fc.constantFrom(443, 3000),
          credential: fc.constant(`skpb_${"a".repeat(43)}`),
        }),
        { nil: undefined },
      ),
      // OpenLineage to Skyport (the ingest token in its own Secret) or none.
      openLineage: fc.option(
        fc.record({
          url: fc.constantFrom("https://skyport.example.com", "http://10.0.0.7:3000/"),
          cidr: fc.constantFrom("203.0.113.10/32", "10.0.0.7/32"),
          port: fc.constantFrom(443, 3000),
          token: fc.constant(INGEST_TOKEN),
        }),
        { nil: undefined },
      ),
    }),
  }) as fc.Arbitrary<RenderCase>;
}
