import { PageLoading } from "@skyport/ui";

// Inside the console's shell: the header and sidebar stay while the next page renders.
export default function ConsolePageLoading() {
  return <PageLoading />;
}
