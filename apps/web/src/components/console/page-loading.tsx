import { PageLoading } from "@skyport/ui";

/**
 * Inside the console's shell, below the layouts that decide access: the header and sidebar
 * stay while the page renders. (A loading boundary above an access check would start the
 * response as 200 before the check could answer 403 or 404.)
 */
export default function ConsolePageLoading() {
  return <PageLoading />;
}
