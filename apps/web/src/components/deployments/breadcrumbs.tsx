import { type Crumb, Breadcrumbs as KitBreadcrumbs } from "@skyport/ui";
import Link from "next/link";

/** Where a page sits: Workspaces / Analytics / Deployments / orders. The last item is the page. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return <KitBreadcrumbs items={items} link={Link} />;
}
