import type { ReactNode } from "react";

/**
 * A layout that decides access to everything below it before anything streams: `decide` loads
 * the resource its path names and throws notFound/forbidden where the caller may not see it.
 */
export function accessLayout<Params>(decide: (params: Params) => Promise<unknown>) {
  // biome-ignore lint/correctness/noComponentHookFactories: made once per layout module, not per render
  return async function AccessLayout({ children, params }: { children: ReactNode; params: Promise<Params> }) {
    await decide(await params);
    return children;
  };
}
