import { type HttpMethod, pathParameters, type RestRoute } from "./define.ts";

export type RouteMatch =
  | { kind: "found"; route: RestRoute; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: HttpMethod[] }
  | { kind: "not-found" };

interface CompiledRoute {
  route: RestRoute;
  segments: string[];
  names: string[];
}

/** Matches request paths against the route templates; literal segments win over parameters. */
export function createMatcher(routes: readonly RestRoute[]) {
  const compiled: CompiledRoute[] = routes.map((route) => ({
    route,
    segments: route.path.split("/").filter(Boolean),
    names: pathParameters(route.path),
  }));
  // "/deployments/runtime-catalog" must not be taken for "/deployments/{deploymentId}".
  const literalCount = (c: CompiledRoute) => c.segments.filter((s) => !s.startsWith("{")).length;
  compiled.sort((a, b) => literalCount(b) - literalCount(a));

  function paramsOf(candidate: CompiledRoute, parts: string[]): Record<string, string> | null {
    if (candidate.segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    for (const [index, segment] of candidate.segments.entries()) {
      const part = parts[index] as string;
      if (segment.startsWith("{")) {
        let value: string;
        try {
          value = decodeURIComponent(part);
        } catch {
          return null;
        }
        params[segment.slice(1, -1)] = value;
      } else if (segment !== part) return null;
    }
    return params;
  }

  return function match(method: string, path: string): RouteMatch {
    const parts = path.split("/").filter(Boolean);
    const allowed = new Set<HttpMethod>();
    for (const candidate of compiled) {
      const params = paramsOf(candidate, parts);
      if (!params) continue;
      if (candidate.route.method === method) return { kind: "found", route: candidate.route, params };
      allowed.add(candidate.route.method);
    }
    return allowed.size > 0 ? { kind: "method-not-allowed", allowed: [...allowed] } : { kind: "not-found" };
  };
}
