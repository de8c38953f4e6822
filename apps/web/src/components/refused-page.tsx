import { NoAccess } from "@skyport/ui";
import type { ReactNode } from "react";
import { PageHeader } from "./page-header.tsx";

/**
 * A whole page the server refused the caller: the page's own heading (its title, or a header
 * of its own) and the reason, in product words.
 */
export function RefusedPage({
  header,
  reason,
  message,
}: {
  /** The page's title, or a header of its own. */
  header: string | ReactNode;
  reason: string;
  message: string;
}) {
  return (
    <div className="space-y-6">
      {typeof header === "string" ? <PageHeader title={header} /> : header}
      <NoAccess title={reason} message={message} />
    </div>
  );
}
