// A stand-in for the Kubernetes API server, for tests and benchmarks: an HTTP server on
// 127.0.0.1 that the real @kubernetes/client-node talks to through a generated kubeconfig (no
// API server can run on the machines this is built on). It implements what Skyport's reconciler
// uses, with the behaviour a reconciler can observe:
//   discovery (/api/v1, /apis/<group>/<version>), GET, LIST with label selectors, server-side
//   apply (PATCH application/apply-patch+yaml, fieldManager required, force), POST, DELETE with
//   namespace cascade; resourceVersion/generation bump only on real change (an unchanged apply
//   is a visible no-op); schema validation against the official OpenAPI schemas (422 Invalid);
//   Pod Security admission in namespaces labelled enforce=restricted (a violating Pod is 403
//   Forbidden, as from the real admission plugin; a violating workload is accepted with a
//   Warning and its status reports FailedCreate, as the real ReplicaSet controller would);
//   bearer-token auth; a status hook tests flip (setReady); injected API errors (failRequests);
//   and a request log.
// Simplifications (documented where they live): lists are atomic in apply, no watch, namespace
// deletion is immediate (no Terminating phase), no controllers beyond the status hook.
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { stringify } from "yaml";
import {
  type ApiResource,
  apiVersionOf,
  discoveryDocument,
  findByKind,
  findByPlural,
} from "./stand-in/api-resources.ts";
import {
  defaulted,
  initialStatus,
  isObject,
  parseJsonOrYaml,
  podSecurityViolation,
  readBody,
  sameJson,
  validateSchema,
} from "./stand-in/api-server-behaviour.ts";
import { matchesLabels, parseLabelSelector } from "./stand-in/label-selector.ts";
import { ObjectStore } from "./stand-in/object-store.ts";
import { findConflicts, type JsonObject, mergeManagers, recordApply } from "./stand-in/server-side-apply.ts";
import { notFound, StatusError } from "./stand-in/status.ts";

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly fieldManager?: string;
  readonly labelSelector?: string;
  readonly force?: boolean;
  readonly contentType?: string;
  readonly status: number;
}

/** An error the stand-in answers with instead of handling matching requests (see failRequests). */
export interface InjectedFault {
  readonly method?: string;
  /** Matches requests whose path contains this. */
  readonly path?: string;
  readonly status: number;
  readonly reason: string;
  readonly message: string;
  /** How many matching requests fail; unset: all of them until clearFaults(). */
  readonly times?: number;
}

interface StoredObject {
  readonly resource: ApiResource;
  readonly namespace?: string;
  readonly name: string;
  readonly uid: string;
  readonly creationTimestamp: string;
  managers: Map<string, JsonObject>;
  /** Merged desired content (spec, data, labels, ...), without server metadata or status. */
  content: JsonObject;
  status?: JsonObject;
  resourceVersion: number;
  generation: number;
  /** Why pods of this workload could not be admitted (Pod Security), if they could not. */
  podAdmissionError?: string;
}

interface Target {
  readonly resource: ApiResource;
  readonly namespace?: string;
  readonly name?: string;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function resourceName(resource: ApiResource): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

export class KubeStandIn {
  readonly token = `stand-in-${randomUUID()}`;
  readonly requests: RequestRecord[] = [];
  private readonly objects = new ObjectStore<StoredObject>();
  private faults: { fault: InjectedFault; remaining: number }[] = [];
  private revision = 1;
  private server: Server | undefined;
  private port = 0;

  static async start(): Promise<KubeStandIn> {
    const standIn = new KubeStandIn();
    await standIn.listen();
    return standIn;
  }

  private listen(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        const status = new StatusError(
          500,
          "InternalError",
          error instanceof Error ? error.message : String(error),
        );
        this.respond(response, request, 500, status.body());
      });
    });
    // Keep-alive sockets from the client would hold close() open.
    this.server.keepAliveTimeout = 1000;
    const server = this.server;
    return new Promise((resolve) => {
      server.listen(0, "127.0.0.1", () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  kubeconfigYaml(): string {
    return stringify({
      apiVersion: "v1",
      kind: "Config",
      // client-node refuses plain http unless TLS verification is explicitly skipped.
      clusters: [{ name: "stand-in", cluster: { server: this.url, "insecure-skip-tls-verify": true } }],
      users: [{ name: "stand-in", user: { token: this.token } }],
      contexts: [{ name: "stand-in", context: { cluster: "stand-in", user: "stand-in" } }],
      "current-context": "stand-in",
    });
  }

  /** A client configuration for the real @kubernetes/client-node. */
  kubeConfig(): KubeConfig {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(this.kubeconfigYaml());
    return kubeConfig;
  }

  /** Writes the kubeconfig to a temp file (for KUBECONFIG). */
  writeKubeconfig(): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "kube-stand-in-")), "config");
    writeFileSync(file, this.kubeconfigYaml());
    return file;
  }

  // --- inspection and hooks for tests -------------------------------------------------------

  clearLog(): void {
    this.requests.length = 0;
  }

  /** Answers matching requests with the given API error (as Status), as a failing or rejecting
   * API server would. Faults are checked in the order they were added. */
  failRequests(fault: InjectedFault): void {
    this.faults.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private takeFault(method: string, pathname: string): InjectedFault | undefined {
    const entry = this.faults.find(
      ({ fault, remaining }) =>
        remaining > 0 &&
        (fault.method === undefined || fault.method === method) &&
        (fault.path === undefined || pathname.includes(fault.path)),
    );
    if (!entry) return undefined;
    entry.remaining--;
    return entry.fault;
  }

  writes(): RequestRecord[] {
    return this.requests.filter((r) => WRITE_METHODS.has(r.method));
  }

  /**
   * Someone edits a ConfigMap's data by hand (`kubectl apply --force-conflicts`, through the
   * HTTP API like any client); answers the HTTP status.
   */
  async editConfigMapByHand(namespace: string, name: string, data: Record<string, string>): Promise<number> {
    const response = await fetch(
      `${this.url}/api/v1/namespaces/${namespace}/configmaps/${name}?fieldManager=kubectl&force=true`,
      {
        method: "PATCH",
        headers: { authorization: `Bearer ${this.token}`, "content-type": "application/apply-patch+yaml" },
        body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data }),
      },
    );
    return response.status;
  }

  /** The object as GET would return it, or undefined. */
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): JsonObject | undefined {
    const resource = findByKind(apiVersion, kind);
    if (!resource) return undefined;
    const stored = this.objects.get(this.key(resource, namespace, name));
    return stored ? this.view(stored) : undefined;
  }

  /** Every stored object in a namespace (or cluster-scoped ones for undefined). */
  objectsIn(namespace: string | undefined): JsonObject[] {
    return this.objects.inNamespace(namespace).map((o) => this.view(o));
  }

  namespaces(): string[] {
    return this.objects
      .inNamespace(undefined)
      .filter((o) => o.resource.kind === "Namespace")
      .map((o) => o.name);
  }

  /** What the Deployment or Job controller would report once pods are (not) ready. Throws for a
   * workload whose pods admission would reject: they could never become ready. */
  setReady(namespace: string, name: string, ready = true): void {
    const stored = this.objects
      .inNamespace(namespace)
      .find((o) => o.name === name && (o.resource.kind === "Deployment" || o.resource.kind === "Job"));
    if (!stored) throw new Error(`no Deployment or Job ${namespace}/${name}`);
    if (ready && stored.podAdmissionError)
      throw new Error(`pods of ${namespace}/${name} cannot be admitted: ${stored.podAdmissionError}`);
    if (stored.resource.kind === "Job") {
      stored.status = ready
        ? { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] }
        : { active: 1 };
    } else {
      const spec = (stored.content.spec ?? {}) as JsonObject;
      const desired = typeof spec.replicas === "number" ? spec.replicas : 1;
      const count = ready ? desired : 0;
      stored.status = {
        observedGeneration: stored.generation,
        replicas: desired,
        updatedReplicas: count,
        readyReplicas: count,
        availableReplicas: count,
        conditions: [
          {
            type: "Available",
            status: ready ? "True" : "False",
            reason: ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
          },
          {
            type: "Progressing",
            status: "True",
            reason: ready ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
          },
        ],
      };
    }
    stored.resourceVersion = this.revision++;
  }

  /** Every Deployment and Job in the namespace: setReady. */
  setAllReady(namespace: string): void {
    for (const stored of this.objects.inNamespace(namespace)) {
      if (stored.resource.kind === "Deployment" || stored.resource.kind === "Job") {
        this.setReady(namespace, stored.name, true);
      }
    }
  }

  /** Sets a Deployment's replicas the way KEDA's HPA does: as another field manager. */
  scale(namespace: string, name: string, replicas: number): void {
    const resource = findByKind("apps/v1", "Deployment");
    const stored = resource && this.objects.get(this.key(resource, namespace, name));
    if (!stored) throw new Error(`no Deployment ${namespace}/${name}`);
    recordApply(stored.managers, "keda-hpa", { spec: { replicas } }, []);
    stored.content = defaulted(stored.resource, mergeManagers(stored.managers), stored.content);
    stored.generation++;
    stored.resourceVersion = this.revision++;
  }

  // --- HTTP -------------------------------------------------------------------------------------

  private namespaceLabels(namespace: string | undefined): Record<string, string> {
    if (!namespace) return {};
    const ns = this.objects.get(this.key(findByKind("v1", "Namespace") as ApiResource, undefined, namespace));
    return ((ns?.content.metadata as JsonObject | undefined)?.labels ?? {}) as Record<string, string>;
  }

  private key(resource: ApiResource, namespace: string | undefined, name: string): string {
    return `${apiVersionOf(resource)}/${resource.kind}/${namespace ?? ""}/${name}`;
  }

  private respond(
    response: ServerResponse,
    request: IncomingMessage,
    status: number,
    body: object,
    extra: Partial<RequestRecord> = {},
    headers: Record<string, string> = {},
  ): void {
    const url = new URL(request.url ?? "/", this.url);
    this.requests.push({
      method: request.method ?? "GET",
      path: url.pathname,
      status,
      ...(url.searchParams.has("fieldManager")
        ? { fieldManager: url.searchParams.get("fieldManager") ?? "" }
        : {}),
      ...(url.searchParams.has("labelSelector")
        ? { labelSelector: url.searchParams.get("labelSelector") ?? "" }
        : {}),
      ...(url.searchParams.has("force") ? { force: url.searchParams.get("force") === "true" } : {}),
      ...(request.headers["content-type"] ? { contentType: request.headers["content-type"] } : {}),
      ...extra,
    });
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    try {
      if (request.headers.authorization !== `Bearer ${this.token}`) {
        throw new StatusError(401, "Unauthorized", "Unauthorized");
      }
      const url = new URL(request.url ?? "/", this.url);
      const fault = this.takeFault(request.method ?? "GET", url.pathname);
      if (fault) throw new StatusError(fault.status, fault.reason, fault.message);
      const segments = url.pathname.split("/").filter((s) => s.length > 0);
      const discovery = this.discovery(segments);
      if (discovery) {
        this.respond(response, request, 200, discovery);
        return;
      }
      const target = this.target(segments);
      const method = request.method ?? "GET";
      if (method === "GET" && target.name === undefined) {
        this.respond(response, request, 200, this.list(target, url.searchParams));
      } else if (method === "GET" && target.name !== undefined) {
        const stored = this.objects.get(this.key(target.resource, target.namespace, target.name));
        if (!stored) throw notFound(resourceName(target.resource), target.name);
        this.respond(response, request, 200, this.view(stored));
      } else if (method === "PATCH" && target.name !== undefined) {
        const result = this.apply(target, request.headers["content-type"] ?? "", body, url.searchParams);
        this.respond(response, request, result.created ? 201 : 200, result.object, {}, result.headers);
      } else if (method === "POST" && target.name === undefined) {
        const result = this.create(target, body, url.searchParams);
        this.respond(response, request, 201, result.object, {}, result.headers);
      } else if (method === "DELETE" && target.name !== undefined) {
        this.respond(response, request, 200, this.delete(target.resource, target.namespace, target.name));
      } else {
        throw new StatusError(405, "MethodNotAllowed", `${method} is not supported on ${url.pathname}`);
      }
    } catch (error) {
      if (!(error instanceof StatusError)) throw error;
      this.respond(response, request, error.code, error.body());
    }
  }

  private discovery(segments: string[]): object | undefined {
    if (segments[0] === "api" && segments.length === 2) return discoveryDocument("", segments[1] ?? "");
    if (segments[0] === "apis" && segments.length === 3)
      return discoveryDocument(segments[1] ?? "", segments[2] ?? "");
    return undefined;
  }

  /** /api/v1/[namespaces/<ns>/]<plural>[/<name>] or /apis/<group>/<version>/... */
  private target(segments: string[]): Target {
    let group = "";
    let rest: string[];
    let version: string;
    if (segments[0] === "api") {
      version = segments[1] ?? "";
      rest = segments.slice(2);
    } else if (segments[0] === "apis") {
      group = segments[1] ?? "";
      version = segments[2] ?? "";
      rest = segments.slice(3);
    } else throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    let namespace: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural = "", name, ...extra] = rest;
    const resource = findByPlural(group, version, plural);
    if (!resource || extra.length > 0)
      throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    return {
      resource,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name !== undefined ? { name } : {}),
    };
  }

  private view(stored: StoredObject): JsonObject {
    const metadata = (stored.content.metadata ?? {}) as JsonObject;
    const view: JsonObject = {
      ...stored.content,
      apiVersion: apiVersionOf(stored.resource),
      kind: stored.resource.kind,
      metadata: {
        ...metadata,
        uid: stored.uid,
        resourceVersion: String(stored.resourceVersion),
        generation: stored.generation,
        creationTimestamp: stored.creationTimestamp,
        managedFields: [...stored.managers.keys()].map((manager) => ({
          manager,
          operation: "Apply",
          apiVersion: apiVersionOf(stored.resource),
          fieldsType: "FieldsV1",
        })),
      },
    };
    if (stored.status) view.status = stored.status;
    return view;
  }

  private list(target: Target, query: URLSearchParams): object {
    let requirements: ReturnType<typeof parseLabelSelector> = [];
    try {
      requirements = parseLabelSelector(query.get("labelSelector") ?? "");
    } catch (error) {
      throw new StatusError(400, "BadRequest", error instanceof Error ? error.message : String(error));
    }
    const candidates =
      target.namespace === undefined
        ? [...this.objects.values()]
        : this.objects.inNamespace(target.namespace);
    const items = candidates
      .filter((o) => o.resource === target.resource)
      .filter((o) => {
        const labels = ((o.content.metadata as JsonObject | undefined)?.labels ?? {}) as Record<
          string,
          string
        >;
        return matchesLabels(requirements, labels);
      })
      .map((o) => {
        // Like the real API server, list items carry no apiVersion/kind.
        const { apiVersion: _a, kind: _k, ...item } = this.view(o);
        return item;
      });
    return {
      apiVersion: apiVersionOf(target.resource),
      kind: `${target.resource.kind}List`,
      metadata: { resourceVersion: String(this.revision) },
      items,
    };
  }

  private parseBody(body: string, contentType: string): JsonObject {
    let parsed: unknown;
    try {
      // Apply patches are YAML, of which JSON (what client-node sends) is a subset: try the fast
      // parser first.
      parsed = parseJsonOrYaml(body, contentType.includes("yaml"));
    } catch (error) {
      throw new StatusError(
        400,
        "BadRequest",
        `error decoding body: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!isObject(parsed)) throw new StatusError(400, "BadRequest", "body must be an object");
    return parsed;
  }

  private create(target: Target, body: string, query: URLSearchParams) {
    const object = this.parseBody(body, "application/json");
    const name = (object.metadata as JsonObject | undefined)?.name;
    if (typeof name !== "string") throw new StatusError(422, "Invalid", "metadata.name: Required value");
    if (this.objects.has(this.key(target.resource, target.namespace, name))) {
      throw new StatusError(
        409,
        "AlreadyExists",
        `${resourceName(target.resource)} "${name}" already exists`,
      );
    }
    return this.write({ ...target, name }, object, query.get("fieldManager") ?? "unknown", true);
  }

  private apply(target: Target, contentType: string, body: string, query: URLSearchParams) {
    if (!contentType.startsWith("application/apply-patch+yaml")) {
      throw new StatusError(
        415,
        "UnsupportedMediaType",
        `the stand-in implements server-side apply only, not ${contentType}`,
      );
    }
    const fieldManager = query.get("fieldManager");
    if (!fieldManager) {
      throw new StatusError(
        422,
        "Invalid",
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        {
          causes: [{ field: "fieldManager", message: "Required value: is required for apply patch" }],
        },
      );
    }
    return this.write(target, this.parseBody(body, contentType), fieldManager, query.get("force") === "true");
  }

  private write(target: Target, object: JsonObject, fieldManager: string, force: boolean) {
    const { resource } = target;
    const name = target.name ?? "";
    const kindLabel = `${resource.kind}${resource.group ? `.${resource.group}` : ""}`;
    if (object.apiVersion !== apiVersionOf(resource) || object.kind !== resource.kind) {
      throw new StatusError(
        400,
        "BadRequest",
        `the body's ${String(object.apiVersion)} ${String(object.kind)} does not match ${resourceName(resource)}`,
      );
    }
    const metadata = (isObject(object.metadata) ? object.metadata : {}) as JsonObject;
    if (metadata.name !== name)
      throw new StatusError(400, "BadRequest", `the name in the body does not match "${name}"`);
    if (resource.namespaced) {
      if (metadata.namespace !== undefined && metadata.namespace !== target.namespace) {
        throw new StatusError(
          400,
          "BadRequest",
          "the namespace of the object does not match the namespace on the request",
        );
      }
      const namespace = this.objects.get(
        this.key(findByKind("v1", "Namespace") as ApiResource, undefined, target.namespace ?? ""),
      );
      if (!namespace) throw notFound("namespaces", target.namespace ?? "");
    }
    validateSchema(resource, object, kindLabel, name);
    const { status: _ignored, ...applied } = object;
    const appliedConfig: JsonObject = {
      ...applied,
      metadata: { ...metadata, ...(target.namespace ? { namespace: target.namespace } : {}) },
    };

    const headers: Record<string, string> = {};
    const violation = podSecurityViolation(this.namespaceLabels(target.namespace), appliedConfig);
    let admissionError: string | undefined;
    if (violation && resource.kind === "Pod") {
      throw new StatusError(
        403,
        "Forbidden",
        `pods "${name}" is forbidden: violates PodSecurity ${violation}`,
        { name, kind: resource.plural },
      );
    }
    if (violation) {
      // What the API server says about a workload template, and what its ReplicaSet controller
      // then reports when it fails to create the pods.
      headers.warning = `299 - "would violate PodSecurity ${violation.replaceAll('"', '\\"')}"`;
      admissionError = `pods for ${kindLabel} "${name}" are forbidden: violates PodSecurity ${violation}`;
    }

    const key = this.key(resource, target.namespace, name);
    const existing = this.objects.get(key);
    const managers = new Map(existing?.managers ?? []);
    for (const [manager, config] of managers) managers.set(manager, structuredClone(config));
    const conflicts = findConflicts(managers, fieldManager, appliedConfig);
    if (conflicts.length > 0 && !force) {
      throw new StatusError(
        409,
        "Conflict",
        `Apply failed with ${conflicts.length} conflict(s): ${conflicts.map((c) => `conflict with "${c.manager}": .${c.path}`).join("; ")}`,
        {
          name,
          kind: resource.plural,
          causes: conflicts.map((c) => ({
            reason: "FieldManagerConflict",
            field: `.${c.path}`,
            message: `conflict with "${c.manager}"`,
          })),
        },
      );
    }
    recordApply(managers, fieldManager, appliedConfig, conflicts);
    const content = defaulted(resource, mergeManagers(managers), existing?.content);

    if (!existing) {
      const stored: StoredObject = {
        resource,
        ...(target.namespace ? { namespace: target.namespace } : {}),
        name,
        uid: randomUUID(),
        creationTimestamp: new Date().toISOString(),
        managers,
        content,
        resourceVersion: this.revision++,
        generation: 1,
        ...(admissionError ? { podAdmissionError: admissionError } : {}),
      };
      stored.status = initialStatus(
        stored.resource.kind,
        stored.content,
        stored.generation,
        stored.podAdmissionError,
      );
      this.objects.set(key, stored);
      return { created: true, object: this.view(stored), headers };
    }
    const sameManagers = sameJson([...existing.managers.keys()].sort(), [...managers.keys()].sort());
    if (sameJson(existing.content, content) && sameManagers) {
      // Nothing changed: no new resourceVersion, no generation bump. This is what makes an
      // unchanged reconcile observable as a no-op.
      return { created: false, object: this.view(existing), headers };
    }
    const specChanged = !sameJson({ ...existing.content, metadata: null }, { ...content, metadata: null });
    existing.managers = managers;
    existing.content = content;
    existing.resourceVersion = this.revision++;
    if (admissionError) existing.podAdmissionError = admissionError;
    else delete existing.podAdmissionError;
    if (specChanged) {
      existing.generation++;
      existing.status = initialStatus(
        existing.resource.kind,
        existing.content,
        existing.generation,
        existing.podAdmissionError,
      );
    }
    return { created: false, object: this.view(existing), headers };
  }

  private delete(resource: ApiResource, namespace: string | undefined, name: string): object {
    const key = this.key(resource, namespace, name);
    const stored = this.objects.get(key);
    if (!stored) throw notFound(resourceName(resource), name);
    this.objects.delete(key);
    if (resource.kind === "Namespace") {
      // Everything in the namespace goes with it. (A real server passes through a Terminating
      // phase while finalizers run; here deletion is immediate.)
      this.objects.deleteNamespaceContents(name);
      this.revision++;
      return { ...this.view(stored), status: { phase: "Terminating" } };
    }
    this.revision++;
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name, kind: resource.plural },
    };
  }
}
