// Connection reuse for @kubernetes/client-node 1.3.0, which builds a fresh http(s).Agent for
// every request (KubeConfig.applySecurityAuthentication): each call opens a new TCP connection
// and, against a real cluster, a new TLS handshake. This middleware swaps that throwaway agent
// for a keep-alive agent built from the same options, one per distinct TLS identity, so a
// reconcile's few dozen calls share connections. Proxy agents (hpagent, socks) are left alone.
import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { RequestContext, ResponseContext } from "@kubernetes/client-node";

/** The options Node keeps on an Agent (`agent.options`); TLS material is among them. */
type AgentWithOptions = (http.Agent | https.Agent) & { options?: https.AgentOptions };

const TLS_FIELDS = ["ca", "cert", "key", "pfx", "passphrase", "rejectUnauthorized", "servername"] as const;

function identity(secure: boolean, options: https.AgentOptions): string {
  const hash = createHash("sha256").update(secure ? "https" : "http");
  for (const field of TLS_FIELDS) {
    const value = options[field];
    hash.update(`|${field}=`);
    if (value !== undefined) hash.update(Buffer.isBuffer(value) ? value : JSON.stringify(value));
  }
  return hash.digest("hex");
}

export class ConnectionReuse {
  private readonly agents = new Map<string, http.Agent>();

  async pre(context: RequestContext): Promise<RequestContext> {
    const agent = context.getAgent() as AgentWithOptions | undefined;
    const kind: unknown = agent?.constructor;
    if (!agent || (kind !== https.Agent && kind !== http.Agent)) return context;
    const secure = kind === https.Agent;
    const options: https.AgentOptions = {};
    for (const field of TLS_FIELDS) {
      const value = agent.options?.[field];
      if (value !== undefined) Object.assign(options, { [field]: value });
    }
    const key = identity(secure, options);
    let shared = this.agents.get(key);
    if (!shared) {
      shared = secure
        ? new https.Agent({ ...options, keepAlive: true })
        : new http.Agent({ keepAlive: true });
      this.agents.set(key, shared);
    }
    context.setAgent(shared);
    return context;
  }

  async post(context: ResponseContext): Promise<ResponseContext> {
    return context;
  }

  /** Closes idle connections (for orderly shutdown and tests). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
