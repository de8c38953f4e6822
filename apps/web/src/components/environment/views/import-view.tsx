import { Section } from "@/components/page-header.tsx";
import { ImportDotenvForm } from "../import-dotenv-form.tsx";
import type { EnvironmentPageData } from "../page-data.ts";

/** Importing a .env file into the owner's environment variables (editors only). */
export function ImportView({ data }: { data: EnvironmentPageData }) {
  if (!data.access.canManage) {
    return (
      <Section id="import-heading" title="Import a .env file">
        <p className="px-5 py-6 text-sm text-fg-muted">
          Importing adds environment variables, and this environment is read only for you (see above).
        </p>
      </Section>
    );
  }
  return (
    <Section
      id="import-heading"
      title="Import a .env file"
      description="Every line becomes an environment variable. The whole file is imported or none of it: any problem is named by its line and nothing is written."
    >
      <ImportDotenvForm owner={data.owner} deployments={data.deployments} />
    </Section>
  );
}
