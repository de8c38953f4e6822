// The console's note under an Airflow setting comes from the runtime catalog as the tRPC procedure
// serves it, and must fit the runtime line the form has chosen.
import { runtimeCatalog } from "@skyport/domain";
import { describe, expect, it } from "vitest";
import { settingNote } from "@/components/deployments/setting-note.ts";
import { deploymentRuntimeCatalogOutput } from "@/server/trpc/routers/deployment/runtime-catalog.ts";

const catalog = deploymentRuntimeCatalogOutput.parse(runtimeCatalog());

describe("settingNote: the hint under an Airflow setting", () => {
  it("shows the Airflow 2 range of scheduler.dag_dir_list_interval only on an Airflow 2 runtime", () => {
    expect(settingNote(catalog, "2.11.0", "scheduler", "dag_dir_list_interval")).toEqual({
      refused: false,
      text: "seconds between DAG folder scans (Airflow 2): a whole number from 5 to 3600.",
    });
    expect(settingNote(catalog, "3.3.1", "scheduler", "dag_dir_list_interval")).toEqual({
      refused: true,
      text:
        "scheduler.dag_dir_list_interval is an Airflow 2 setting that Airflow 3.3.1 does not read; " +
        "use dag_processor.refresh_interval.",
    });
  });

  it("shows the Airflow 3 range of dag_processor.refresh_interval only on an Airflow 3 runtime", () => {
    expect(settingNote(catalog, "3.1.8", "dag_processor", "refresh_interval")?.text).toBe(
      "seconds between DAG folder scans (Airflow 3): a whole number from 5 to 3600.",
    );
    expect(settingNote(catalog, "2.10.5", "dag_processor", "refresh_interval")?.text).toBe(
      "dag_processor.refresh_interval is an Airflow 3 setting that Airflow 2.10.5 does not read; " +
        "use scheduler.dag_dir_list_interval.",
    );
  });

  it("shows settings both lines read on either, and refused settings as refused", () => {
    expect(settingNote(catalog, "2.11.0", "core", "parallelism")?.refused).toBe(false);
    expect(settingNote(catalog, "3.3.1", "core", "parallelism")?.refused).toBe(false);
    expect(settingNote(catalog, "3.3.1", "core", "fernet_key")?.text).toMatch(
      /^core\.fernet_key cannot be overridden: it is a platform-held secret/,
    );
  });
});
