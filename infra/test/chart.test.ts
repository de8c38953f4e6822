// Structural checks that need no helm: the template-free files parse and hold the security and
// configuration invariants, every template reference resolves, and the templates' YAML skeleton
// (template actions stubbed out) has the expected objects, commands and RBAC rules. helm.test.ts
// lints and renders the chart with a real helm (`npm run helm:install`).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";

const chartDir = new URL("../helm/skyport/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, chartDir), "utf8");

const chart = parse(read("Chart.yaml")) as Record<string, unknown>;
const values = parse(read("values.yaml")) as Values;
const templateFiles = readdirSync(new URL("templates/", chartDir)).sort();
const templates = Object.fromEntries(templateFiles.map((file) => [file, read(`templates/${file}`)]));

// Parsed YAML is navigated by path; the assertions below are what check its shape.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Values = Record<string, any>;
type K8sObject = {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: a pod or workload spec, navigated by path
  spec?: any;
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }>;
  automountServiceAccountToken?: boolean;
};

describe("Chart.yaml", () => {
  it("is a Helm 3 application chart for Skyport 0.1.0", () => {
    expect(chart.apiVersion).toBe("v2");
    expect(chart.name).toBe("skyport");
    expect(chart.type).toBe("application");
    expect(chart.appVersion).toBe("0.1.0");
    expect(String(chart.version)).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });
});

describe("values.yaml", () => {
  it("pins the image to the chart's appVersion", () => {
    expect(values.image.repository).toBe("ghcr.io/skyport/skyport");
    expect(typeof values.image.tag).toBe("string");
    expect(values.image.tag).toBe(chart.appVersion);
    expect(values.image.tag).not.toBe("latest");
    expect(["IfNotPresent", "Always", "Never"]).toContain(values.image.pullPolicy);
  });

  it("references an existing Secret for the connection URLs instead of holding them", () => {
    expect(values.existingSecret).toBe("");
    expect(values.secretKeys).toEqual({
      databaseUrl: "DATABASE_URL",
      redisUrl: "REDIS_URL",
      skyportSecret: "SKYPORT_SECRET",
      keyEncryptionKeys: "SKYPORT_KEK",
    });
  });

  it("holds no credentials or connection strings anywhere", () => {
    const offenders: string[] = [];
    walk(values, (path, value) => {
      const key = path.at(-1) ?? "";
      if (typeof value === "string" && value !== "") {
        if (/^(postgres(ql)?|rediss?):\/\//i.test(value) || /:\/\/[^/\s:@]+:[^/\s@]+@/.test(value)) {
          offenders.push(`${path.join(".")}: looks like a connection string`);
        }
        if (/password|passwd|token|apikey|secretkey|privatekey/i.test(key)) {
          offenders.push(`${path.join(".")}: secret-looking key with a value`);
        }
      }
      if (/^(DATABASE_URL|REDIS_URL)$/.test(key)) offenders.push(`${path.join(".")}: inline connection URL`);
    });
    expect(offenders).toEqual([]);
  });

  it("defaults to the restricted Pod Security Standard", () => {
    const pod = values.podSecurityContext;
    expect(pod.runAsNonRoot).toBe(true);
    expect(pod.runAsUser).toBeGreaterThan(0);
    expect(pod.seccompProfile).toEqual({ type: "RuntimeDefault" });

    const container = values.securityContext;
    expect(container.runAsNonRoot).toBe(true);
    expect(container.allowPrivilegeEscalation).toBe(false);
    expect(container.privileged).toBe(false);
    expect(container.readOnlyRootFilesystem).toBe(true);
    expect(container.capabilities).toEqual({ drop: ["ALL"] });
    expect(container.seccompProfile).toEqual({ type: "RuntimeDefault" });
  });

  it("sets requests and limits for every workload", () => {
    for (const workload of ["web", "worker", "migrations"]) {
      const { requests, limits } = values[workload].resources;
      expect(requests.cpu, workload).toBeTruthy();
      expect(requests.memory, workload).toBeTruthy();
      expect(limits.memory, workload).toBeTruthy();
    }
  });

  it("probes the web on /api/health through the named port", () => {
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      expect(values.web[probe].httpGet, probe).toEqual({ path: "/api/health", port: "http" });
    }
  });

  it("protects the web with a disruption budget that never blocks node drains", () => {
    expect(values.web.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
  });

  it("keeps the worker's shutdown timeout within what the worker accepts", () => {
    expect(values.worker.concurrency).toBeGreaterThanOrEqual(1);
    expect(values.worker.concurrency).toBeLessThanOrEqual(64);
    expect(Number.isInteger(values.worker.shutdownTimeoutMs)).toBe(true);
  });
});

describe("templates", () => {
  it("include the objects the chart promises", () => {
    expect(templateFiles).toEqual([
      "NOTES.txt",
      "_helpers.tpl",
      "ingress.yaml",
      "migrate-job.yaml",
      "service.yaml",
      "serviceaccounts.yaml",
      "web-deployment.yaml",
      "web-pdb.yaml",
      "worker-deployment.yaml",
      "worker-rbac.yaml",
    ]);
  });

  it("only reference values that values.yaml defines", () => {
    const missing: string[] = [];
    for (const [file, text] of Object.entries(templates)) {
      for (const match of text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
        const path = (match[1] ?? "").slice(1).split(".");
        if (!hasPath(values, path)) missing.push(`${file}: .Values.${path.join(".")}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("only include helpers that _helpers.tpl defines", () => {
    const defined = new Set(
      [...(templates["_helpers.tpl"] ?? "").matchAll(/define "([^"]+)"/g)].map((m) => m[1]),
    );
    const undefinedHelpers: string[] = [];
    for (const [file, text] of Object.entries(templates)) {
      for (const match of text.matchAll(/(?:include|template) "([^"]+)"/g)) {
        if (!defined.has(match[1])) undefinedHelpers.push(`${file}: ${match[1]}`);
      }
    }
    expect(undefinedHelpers).toEqual([]);
  });

  it("close every block they open", () => {
    for (const [file, text] of Object.entries(templates)) {
      const actions = [...text.matchAll(/\{\{-?\s*(if|with|range|define|end)\b/g)].map((m) => m[1]);
      let depth = 0;
      for (const action of actions) {
        depth += action === "end" ? -1 : 1;
        expect(depth, `${file}: "end" without an opening block`).toBeGreaterThanOrEqual(0);
      }
      expect(depth, `${file}: unclosed block`).toBe(0);
    }
  });
});

describe("rendered skeleton", () => {
  const objects = Object.entries(templates)
    .filter(([file]) => file.endsWith(".yaml"))
    .flatMap(([file, text]) => skeleton(text).map((object) => ({ file, ...object })));
  const find = (kind: string, nameSuffix: string) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name.endsWith(nameSuffix));
    if (!found) throw new Error(`no ${kind} named *${nameSuffix}`);
    return found;
  };

  it("parses as Kubernetes objects of the expected kinds", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      "ClusterRole/TEMPLATED-airflow-runtime",
      "ClusterRole/TEMPLATED-worker",
      "ClusterRoleBinding/TEMPLATED-worker",
      "Deployment/TEMPLATED-web",
      "Deployment/TEMPLATED-worker",
      "Ingress/TEMPLATED",
      "Job/TEMPLATED-migrate",
      "PodDisruptionBudget/TEMPLATED-web",
      "Service/TEMPLATED",
      "ServiceAccount/TEMPLATED",
      "ServiceAccount/TEMPLATED",
    ]);
  });

  it("give every pod and container the shared security contexts and a writable /tmp", () => {
    for (const [kind, suffix] of [
      ["Deployment", "-web"],
      ["Deployment", "-worker"],
      ["Job", "-migrate"],
    ] as const) {
      const object = find(kind, suffix);
      const source = templates[object.file] ?? "";
      const pod = object.spec.template.spec;
      expect(Object.keys(pod), object.file).toContain("securityContext");
      expect(source, object.file).toContain("toYaml .Values.podSecurityContext | nindent 8");
      for (const container of pod.containers) {
        expect(Object.keys(container), object.file).toContain("securityContext");
        expect(container.volumeMounts, object.file).toContainEqual({ name: "tmp", mountPath: "/tmp" });
      }
      const sharedContexts = source.match(/toYaml \.Values\.securityContext \| nindent 12/g) ?? [];
      expect(sharedContexts.length, object.file).toBe(pod.containers.length);
      expect(source, object.file).toContain('include "skyport.tmpVolume"');
    }
  });

  it("gives every process SKYPORT_SECRET and SKYPORT_KEK from the existing Secret, never from values", () => {
    const helpers = read("templates/_helpers.tpl");
    const common = helpers.slice(helpers.indexOf('define "skyport.commonEnv"'));
    expect(common).toMatch(/- name: SKYPORT_SECRET\n\s+valueFrom:\n\s+secretKeyRef:/);
    expect(common).toContain("key: {{ .Values.secretKeys.skyportSecret }}");
    expect(common).toMatch(/- name: SKYPORT_KEK\n\s+valueFrom:\n\s+secretKeyRef:/);
    expect(common).toContain("key: {{ .Values.secretKeys.keyEncryptionKeys }}");
  });

  it("starts the web with Skyport's web server (apps/web/server.mjs) on the configured port, without a service account token", () => {
    const pod = find("Deployment", "-web").spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].command.slice(0, 2)).toEqual(["node", "apps/web/server.mjs"]);
    expect(pod.containers[0].ports).toEqual([{ name: "http", containerPort: "TEMPLATED", protocol: "TCP" }]);
    expect(pod.containers[0].env.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(["PORT", "SKYPORT_PUBLIC_URL", "NEXT_TELEMETRY_DISABLED"]),
    );
  });

  it("starts the worker with node --import tsx (so SIGTERM reaches it) and its settings", () => {
    const pod = find("Deployment", "-worker").spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.containers[0].command).toEqual(["node", "--import", "tsx", "apps/worker/src/main.ts"]);
    expect(pod.containers[0].env.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(["WORKER_CONCURRENCY", "WORKER_SHUTDOWN_TIMEOUT_MS"]),
    );
  });

  it("migrates the database in a pre-install/pre-upgrade hook Job", () => {
    const job = find("Job", "-migrate");
    expect(job.metadata.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe("Never");
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].command).toEqual(["npm", "run", "db:migrate"]);
    const databaseUrl = pod.containers[0].env.find((e: { name: string }) => e.name === "DATABASE_URL");
    expect(databaseUrl.valueFrom.secretKeyRef).toBeDefined();
    expect(databaseUrl.valueFrom.secretKeyRef.optional).toBeUndefined();
  });

  it("turns off token automount on both ServiceAccounts (the worker pod opts back in)", () => {
    const accounts = objects.filter((o) => o.kind === "ServiceAccount");
    expect(accounts.map((a) => a.automountServiceAccountToken)).toEqual([false, false]);
  });

  it("grants the worker exactly the resources and verbs it needs", () => {
    const crud = ["get", "list", "watch", "create", "update", "patch", "delete"];
    const granted = flattenRules(find("ClusterRole", "-worker").rules ?? []);
    expect(granted).toEqual(
      new Map([
        ["/namespaces", crud],
        ["/resourcequotas", crud],
        ["/limitranges", crud],
        ["/serviceaccounts", crud],
        ["/secrets", crud],
        ["/configmaps", crud],
        ["/services", crud],
        ["/pods", ["get", "list", "watch"]],
        ["apps/deployments", crud],
        ["apps/statefulsets", crud],
        ["networking.k8s.io/networkpolicies", crud],
        ["networking.k8s.io/ingresses", crud],
        ["rbac.authorization.k8s.io/roles", crud],
        ["rbac.authorization.k8s.io/rolebindings", crud],
        ["rbac.authorization.k8s.io/clusterroles", ["bind"]],
        ["keda.sh/scaledobjects", crud],
      ]),
    );
  });

  it("never grants wildcards, escalation or impersonation, and binds only the runtime role", () => {
    for (const role of objects.filter((o) => o.kind === "ClusterRole")) {
      for (const rule of role.rules ?? []) {
        for (const item of [...rule.apiGroups, ...rule.resources, ...rule.verbs]) expect(item).not.toBe("*");
        expect(rule.verbs).not.toContain("escalate");
        expect(rule.verbs).not.toContain("impersonate");
        if (rule.verbs.includes("bind")) {
          expect(rule.resourceNames).toEqual(["TEMPLATED-airflow-runtime"]);
        }
      }
    }
  });
});

/** Depth-first over every leaf, with its key path. */
function walk(node: unknown, visit: (path: string[], value: unknown) => void, path: string[] = []): void {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) walk(child, visit, [...path, String(i)]);
  } else if (node !== null && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) {
      visit([...path, key], child);
      walk(child, visit, [...path, key]);
    }
  }
}

function hasPath(node: unknown, path: string[]): boolean {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * The YAML a template leaves when its template actions are taken out: lines holding only
 * actions (if/with/range/end, include | nindent, toYaml) are dropped and inline expressions
 * become the string TEMPLATED. Every branch is kept, so this checks structure, not values.
 */
function skeleton(text: string): K8sObject[] {
  const lines = text
    .split("\n")
    .filter((line) => !/^\s*(\{\{.*?\}\}\s*)+$/.test(line))
    .map((line) => line.replace(/\{\{.*?\}\}/g, "TEMPLATED"));
  return parseAllDocuments(lines.join("\n"))
    .map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map((e) => e.message).join("\n"));
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

function flattenRules(rules: NonNullable<K8sObject["rules"]>): Map<string, string[]> {
  const flat = new Map<string, string[]>();
  for (const rule of rules) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) flat.set(`${group}/${resource}`, rule.verbs);
    }
  }
  return flat;
}
