// Data-quality results besides the corpus: the `test` run facet (TestRunFacet) and the legacy
// `dataQuality` facet carrying assertions, each kept with its severity and values.
import { randomUUID } from "node:crypto";
import { deriveDeploymentLineage, ingestLineageEvents } from "@skyport/domain";
import { worldOnTestDatabase } from "@skyport/testing";
import { expect, it } from "vitest";
import { newDeployment } from "./support.ts";

const { db, world } = await worldOnTestDatabase();
const PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.50.0/integration/dbt";

it("keeps each test of a TestRunFacet and each legacy dataQuality assertion", async () => {
  const target = await newDeployment(db, world);
  const runId = randomUUID();
  const outcomes = await ingestLineageEvents(db, target, [
    {
      eventType: "COMPLETE",
      eventTime: new Date().toISOString(),
      producer: PRODUCER,
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: {
        runId,
        facets: {
          test: {
            _producer: PRODUCER,
            _schemaURL: "https://openlineage.io/spec/facets/1-0-1/TestRunFacet.json#/$defs/TestRunFacet",
            tests: [
              {
                name: "assert_no_orphans",
                status: "fail",
                severity: "warn",
                type: "custom_sql",
                expected: "0",
                actual: "3",
              },
              { name: "orders_unique", status: "pass", severity: "error", type: "unique" },
            ],
          },
        },
      },
      job: { namespace: "dbt", name: "jaffle.test" },
      inputs: [
        {
          namespace: "postgres://db:5432",
          name: "shop.orders",
          inputFacets: {
            dataQuality: {
              _producer: PRODUCER,
              _schemaURL: "https://example.com/legacy/DataQuality.json",
              rowCount: 10,
              assertions: [{ assertion: "row_count_between", success: false, column: null }],
            },
          },
        },
      ],
    },
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(["stored"]);
  await deriveDeploymentLineage(db, target.deploymentId, { settleMs: 0 });
  const results = await db.dataQualityResult.findMany({
    where: { deploymentId: target.deploymentId, runId },
    select: {
      source: true,
      datasetName: true,
      assertion: true,
      name: true,
      success: true,
      severity: true,
      expected: true,
      actual: true,
    },
    orderBy: { assertion: "asc" },
  });
  expect(results).toEqual([
    {
      source: "test",
      datasetName: null,
      assertion: "custom_sql",
      name: "assert_no_orphans",
      success: false,
      severity: "warn",
      expected: "0",
      actual: "3",
    },
    {
      source: "dataQuality",
      datasetName: "shop.orders",
      assertion: "row_count_between",
      name: null,
      success: false,
      severity: null,
      expected: null,
      actual: null,
    },
    {
      source: "test",
      datasetName: null,
      assertion: "unique",
      name: "orders_unique",
      success: true,
      severity: "error",
      expected: null,
      actual: null,
    },
  ]);
});
