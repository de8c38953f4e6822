import { NoAccess } from "@skyport/ui";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";

/**
 * What the console shows inside its shell when the server refused the caller (FORBIDDEN):
 * a workspace, deployment or environment the person has no role for. Same words everywhere.
 */
export default function ConsoleForbidden() {
  return (
    <div className="space-y-6 py-4">
      <NoAccess
        title="You have no access here"
        message="You are a member of this organization but hold no role that lets you see this. A workspace owner or an organization owner can grant you one, directly or through a team."
      >
        <p>
          <Link href="/orgs" className={buttonClasses.secondary}>
            Back to the console
          </Link>
        </p>
      </NoAccess>
    </div>
  );
}
