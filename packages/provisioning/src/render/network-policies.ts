// NetworkPolicies: everything in the namespace is denied in both directions, then each flow the
// runtime needs is allowed by its own named policy, so `kubectl get netpol` reads as the list of
// what the deployment may talk to. Both ends of an in-namespace flow need a rule (the sender's
// egress and the receiver's ingress), because the default deny covers both directions.

import { isIP } from "node:net";
import type { ILabelSelector } from "@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector";
import { gitEndpoint } from "@skyport/deployment-spec";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";
import type { INetworkPolicyPort } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort";
import {
  STATSD_METRICS_PORT,
  STATSD_PORT,
  TRIGGERER_LOG_PORT,
  UI_PORT,
  WORKER_LOG_PORT,
} from "./airflow-config.ts";
import { BROKER_PORT, type RenderContext } from "./context.ts";
import { runtimeGitSource } from "./git-source.ts";
import { COMPONENT, NAME, ownershipLabels, type PodComponent } from "./labels.ts";

type NamedPolicy = INetworkPolicy & { metadata: { name: string } };

const NAMESPACE_NAME = "kubernetes.io/metadata.name";

/** Address ranges a task may not reach even with internet egress: private networks (other
 * tenants' pods and nodes live there), carrier-grade NAT (pod ranges on some clouds) and
 * link-local (cloud instance metadata, which hands out node credentials). */
const PRIVATE_IPV4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"];
const PRIVATE_IPV6 = ["fc00::/7", "fe80::/10"];

const airflowPods: ILabelSelector = { matchLabels: { [NAME]: "airflow" } };

function componentPods(...components: PodComponent[]): ILabelSelector {
  if (components.length === 1) return { matchLabels: { [COMPONENT]: components[0] ?? "" } };
  return { matchExpressions: [{ key: COMPONENT, operator: "In", values: components }] };
}

function tcp(port: number): INetworkPolicyPort {
  return { protocol: "TCP", port };
}

function policy(ctx: RenderContext, name: string, spec: INetworkPolicy["spec"]): NamedPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: ctx.namespace, labels: ownershipLabels(ctx.owner) },
    spec,
  };
}

function ingressOnly(
  ctx: RenderContext,
  name: string,
  pods: ILabelSelector,
  from: INetworkPolicyPeer[],
  ports: INetworkPolicyPort[],
) {
  return policy(ctx, name, { podSelector: pods, policyTypes: ["Ingress"], ingress: [{ from, ports }] });
}

function egressOnly(
  ctx: RenderContext,
  name: string,
  pods: ILabelSelector,
  to: INetworkPolicyPeer[],
  ports?: INetworkPolicyPort[],
) {
  return policy(ctx, name, {
    podSelector: pods,
    policyTypes: ["Egress"],
    egress: [ports ? { to, ports } : { to }],
  });
}

function controlPlanePeer(ctx: RenderContext): INetworkPolicyPeer {
  const controlPlane = ctx.input.controlPlane;
  if (controlPlane.cidr) return { ipBlock: { cidr: controlPlane.cidr } };
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: controlPlane.namespace } },
    podSelector: { matchLabels: { ...(controlPlane.podLabels ?? {}) } },
  };
}

export function renderNetworkPolicies(ctx: RenderContext): NamedPolicy[] {
  const ui = ctx.runtime.uiComponent;
  const policies: NamedPolicy[] = [
    policy(ctx, "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    egressOnly(
      ctx,
      "allow-dns",
      {},
      [
        {
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
      ],
      [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
    ),
    egressOnly(
      ctx,
      "allow-metadata-database",
      airflowPods,
      [{ ipBlock: { cidr: ctx.databaseCidr } }],
      [tcp(ctx.input.runtimeDatabase.port)],
    ),
    ingressOnly(
      ctx,
      "allow-ingress-controller",
      componentPods(ui),
      [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: ctx.ingressControllerNamespace } } }],
      [tcp(UI_PORT)],
    ),
    policy(ctx, "allow-statsd", {
      podSelector: componentPods("statsd-exporter"),
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: airflowPods }],
          ports: [{ protocol: "UDP", port: STATSD_PORT }, tcp(STATSD_PORT)],
        },
        { from: [controlPlanePeer(ctx)], ports: [tcp(STATSD_METRICS_PORT)] },
      ],
    }),
    egressOnly(
      ctx,
      "allow-statsd-clients",
      airflowPods,
      [{ podSelector: componentPods("statsd-exporter") }],
      [{ protocol: "UDP", port: STATSD_PORT }, tcp(STATSD_PORT)],
    ),
    // The UI fetches live task logs from the log servers of workers and triggerers.
    egressOnly(
      ctx,
      "allow-log-fetch",
      componentPods(ui),
      [{ podSelector: componentPods("worker", "triggerer") }],
      [tcp(WORKER_LOG_PORT), tcp(TRIGGERER_LOG_PORT)],
    ),
    ingressOnly(
      ctx,
      "allow-log-servers",
      componentPods("worker", "triggerer"),
      [{ podSelector: componentPods(ui) }],
      [tcp(WORKER_LOG_PORT), tcp(TRIGGERER_LOG_PORT)],
    ),
    // Tasks are customer code that calls warehouses, object stores and APIs: workers, the
    // triggerer (deferred tasks) and task pods may reach the internet, but no private range.
    egressOnly(
      ctx,
      "allow-task-internet-egress",
      componentPods("worker", "triggerer", "task"),
      publicAddresses(),
    ),
  ];
  const skyport = skyportEgress(ctx);
  if (skyport) policies.push(skyport);
  const git = gitSourceEgress(ctx);
  if (git) policies.push(git);
  if (ctx.runtime.major === 3) {
    // Airflow 3 workers, task pods, triggerer and DAG processor talk to the execution API.
    policies.push(
      ingressOnly(
        ctx,
        "allow-execution-api",
        componentPods("api-server"),
        [{ podSelector: airflowPods }],
        [tcp(UI_PORT)],
      ),
      egressOnly(
        ctx,
        "allow-execution-api-clients",
        airflowPods,
        [{ podSelector: componentPods("api-server") }],
        [tcp(UI_PORT)],
      ),
    );
  }
  if (ctx.celery) {
    policies.push(
      ingressOnly(
        ctx,
        "allow-broker",
        componentPods("redis"),
        [{ podSelector: componentPods("scheduler", "worker") }],
        [tcp(BROKER_PORT)],
      ),
      egressOnly(
        ctx,
        "allow-broker-clients",
        componentPods("scheduler", "worker"),
        [{ podSelector: componentPods("redis") }],
        [tcp(BROKER_PORT)],
      ),
    );
  } else if (ctx.input.clusterApi) {
    policies.push(
      egressOnly(
        ctx,
        "allow-kubernetes-api",
        componentPods("scheduler", ui),
        [{ ipBlock: { cidr: ctx.input.clusterApi.cidr } }],
        [tcp(ctx.input.clusterApi.port)],
      ),
    );
  }
  return policies;
}

/**
 * `allow-skyport`: the one way out to Skyport's public address, for what talks to it — the DAG
 * bundle sync (in the pods that read DAGs) and OpenLineage run events (every Airflow process:
 * the scheduler sends DAG runs, workers and task pods task runs, the UI manual state changes).
 * Only the host:port of each, nothing else new.
 */
function skyportEgress(ctx: RenderContext): NamedPolicy | undefined {
  const { bundleSync, openLineage } = ctx.input;
  const targets = [bundleSync, openLineage].filter((target) => target !== undefined);
  if (targets.length === 0) return undefined;
  const pods = openLineage
    ? airflowPods
    : componentPods("scheduler", "dag-processor", "triggerer", "worker", "task");
  const rules = new Map<string, { cidr: string; port: number }>();
  for (const target of targets) rules.set(`${target.cidr}:${target.port}`, target);
  return policy(ctx, "allow-skyport", {
    podSelector: pods,
    policyTypes: ["Egress"],
    egress: [...rules.values()].map(({ cidr, port }) => ({
      to: [{ ipBlock: { cidr } }],
      ports: [tcp(port)],
    })),
  });
}

/** The public internet: every address but the private, carrier-grade NAT and link-local ranges. */
function publicAddresses(): INetworkPolicyPeer[] {
  return [
    { ipBlock: { cidr: "0.0.0.0/0", except: PRIVATE_IPV4 } },
    { ipBlock: { cidr: "::/0", except: PRIVATE_IPV6 } },
  ];
}

/**
 * `allow-git-source`: the pods whose Airflow clones the Git source (the DAG processor parses it,
 * workers, the triggerer and task pods run its code at a version) may open TCP to the Git host's
 * port (443 for https, 22 for ssh, or the URL's own) — to exactly that address when the URL names
 * an IP, else to any public address (a NetworkPolicy cannot name a host); private ranges stay closed.
 */
function gitSourceEgress(ctx: RenderContext): NamedPolicy | undefined {
  const source = runtimeGitSource(ctx);
  if (!source) return undefined;
  const endpoint = gitEndpoint(source.url);
  if ("problem" in endpoint) throw new Error(`gitSource.url ${endpoint.problem}`);
  const family = isIP(endpoint.host);
  const to: INetworkPolicyPeer[] =
    family === 0 ? publicAddresses() : [{ ipBlock: { cidr: `${endpoint.host}/${family === 4 ? 32 : 128}` } }];
  return egressOnly(
    ctx,
    "allow-git-source",
    componentPods("dag-processor", "worker", "triggerer", "task"),
    to,
    [tcp(endpoint.port)],
  );
}
