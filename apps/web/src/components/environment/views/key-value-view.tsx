import { Section } from "@/components/page-header.tsx";
import { loadForPage } from "@/server/trpc/server-caller.ts";
import type { KeyValueKind } from "../environment-api.ts";
import { CreateKeyValueForm } from "../key-value-form.tsx";
import { KeyValueTable } from "../key-value-table.tsx";
import { KIND_WORDS } from "../kinds.ts";
import type { EnvironmentPageData } from "../page-data.ts";
import type { AirflowVariable, EnvironmentVariable } from "../types.ts";
import { allPages } from "./all-pages.ts";

function loadRows(
  { caller, owner }: EnvironmentPageData,
  kind: KeyValueKind,
): Promise<Array<EnvironmentVariable | AirflowVariable>> {
  return allPages((page) => caller[kind].list({ owner, ...page }));
}

const DESCRIPTIONS: Record<KeyValueKind, Record<"deployment" | "workspace", string>> = {
  environmentVariable: {
    deployment:
      "Set in every Airflow container of this deployment. Its own win over workspace variables of the same name.",
    workspace:
      "Set in every Airflow container of the deployments each one is delivered to. A deployment's own variable of the same name wins.",
  },
  airflowVariable: {
    deployment:
      "Delivered as AIRFLOW_VAR_<KEY>, so Variable.get finds them without touching Airflow's database.",
    workspace:
      "Delivered as AIRFLOW_VAR_<KEY> to the deployments each one is linked to; a deployment's own of the same key wins.",
  },
};

/** One owner's environment variables or Airflow variables, and (for editors) the form to add one. */
export async function KeyValueView({ data, kind }: { data: EnvironmentPageData; kind: KeyValueKind }) {
  const rows = await loadForPage(loadRows(data, kind));
  const words = KIND_WORDS[kind];
  const headingId = `${kind}-heading`;
  return (
    <>
      <Section
        id={headingId}
        title={`${words.plural} (${rows.length})`}
        description={`${DESCRIPTIONS[kind][data.owner.kind]} Secret values are write-only: nobody sees them again.`}
      >
        <KeyValueTable
          kind={kind}
          owner={data.owner}
          rows={rows}
          canManage={data.access.canManage}
          deployments={data.deployments}
        />
      </Section>
      {data.access.canManage ? (
        <Section id={`new-${kind}-heading`} title={`Add an ${words.singular}`}>
          <CreateKeyValueForm kind={kind} owner={data.owner} deployments={data.deployments} />
        </Section>
      ) : null}
    </>
  );
}
