import type { Crumb } from "@skyport/ui";
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "@/components/button-classes.ts";
import { Breadcrumbs } from "@/components/deployments/breadcrumbs.tsx";
import { PageHeader } from "@/components/page-header.tsx";

/**
 * The top of a workspace's or a deployment's page: where it sits, its name and description,
 * a link to its environment (unless the page's tabs carry one), and the page's own actions after it.
 */
export function ResourceHeader({
  crumbs,
  name,
  description,
  environmentHref,
  children,
}: {
  crumbs: Crumb[];
  name: string;
  description: string;
  /** Absent: the page's tabs link to the environment. */
  environmentHref?: string;
  children?: ReactNode;
}) {
  return (
    <div>
      <Breadcrumbs items={[...crumbs, { label: name }]} />
      <PageHeader
        title={name}
        description={description || "No description yet."}
        actions={
          <>
            {environmentHref ? (
              <Link href={environmentHref} className={buttonClasses.secondary}>
                Environment
              </Link>
            ) : null}
            {children}
          </>
        }
      />
    </div>
  );
}
