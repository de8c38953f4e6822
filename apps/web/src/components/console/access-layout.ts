import type { ReactNode } from "react";

/**
 * A segment layout that decides access (loadDeployment, loadWorkspace from ./access.ts) from
 * the segment's params before anything streams, then renders the segment as it is.
 */
export function accessLayout<Params>(decide: (params: Params) => Promise<unknown>) {
  return async function AccessLayout({ children, params }: { children: ReactNode; params: Promise<Params> }) {
    await decide(await params);
    return children;
  };
}
