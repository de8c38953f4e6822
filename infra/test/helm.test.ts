// The chart through a real helm (built from its Go module by `npm run helm:install`): `helm lint
// --strict` over every values file, and `helm template` of a matrix of values files whose objects
// are parsed and checked value by value. chart.test.ts checks what can be checked without helm.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CHART_DIR,
  findHelm,
  HELM_INSTALL_HINT,
  HELM_VERSION,
  type RenderedObject,
  renderChart,
  runHelm,
} from "../../scripts/helm/helm.ts";

const helm = findHelm();
if (!helm) {
  const line = "!".repeat(96);
  process.stderr.write(
    `\n${line}\n!! SKIPPING infra/test/helm.test.ts: helm ${HELM_VERSION} is not built.\n` +
      `!! Run \`${HELM_INSTALL_HINT}\` (needs Go and the Go module proxy) to lint and template the chart.\n${line}\n`,
  );
}

const valuesDir = fileURLToPath(new URL("./values/", import.meta.url));
const valuesFiles = readdirSync(valuesDir)
  .filter((file) => file.endsWith(".yaml"))
  .sort();
const render = (file: string, set?: Record<string, string>) =>
  renderChart({ valuesFiles: [path.join(valuesDir, file)], ...(set ? { set } : {}) });

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

function find(objects: RenderedObject[], kind: string, nameSuffix: string): RenderedObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name.endsWith(nameSuffix));
  if (!found) throw new Error(`no ${kind} named *${nameSuffix}`);
  return found;
}

/** The env of the first container of a workload, by variable name. */
function envOf(objects: RenderedObject[], kind: string, nameSuffix: string): Map<string, EnvVar> {
  const env: EnvVar[] = find(objects, kind, nameSuffix).spec.template.spec.containers[0].env;
  return new Map(env.map((variable) => [variable.name, variable]));
}

const secretRef = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, key } } });

/** Variables holding credentials: they must come from a Secret. Public keys are not secrets. */
const SECRET_VARIABLE =
  /(^DATABASE_URL$|^REDIS_URL$|^RUNTIME_DATABASE_URL$|^SMTP_URL$|SECRET|_KEY$|_KEK$|PASSWORD|TOKEN|ACCESS_KEY)/;
const OPTIONAL_INTEGRATIONS = [
  "RUNTIME_DATABASE_URL",
  "RUNTIME_DATABASE_CLUSTER_HOST",
  "RUNTIME_DATABASE_CIDR",
  "SMTP_URL",
  "SMTP_FROM",
  "CLERK_SECRET_KEY",
  "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
  "CLERK_WEBHOOK_SIGNING_SECRET",
  "CLERK_JWT_KEY",
  "SKYPORT_STRIPE_SECRET_KEY",
  "SKYPORT_STRIPE_WEBHOOK_SECRET",
  "SKYPORT_OBJECT_STORE_URL",
  "SKYPORT_OBJECT_STORE_ACCESS_KEY_ID",
  "SKYPORT_OBJECT_STORE_SECRET_ACCESS_KEY",
  "SKYPORT_AUDIT_SIGNING_KEY",
  "SKYPORT_AUDIT_SIEM_URL",
  "SKYPORT_AUDIT_SIEM_SECRET",
  "SKYPORT_PUBLIC_URL",
  "SKYPORT_PUBLIC_CIDR",
];

describe.skipIf(!helm)(`helm ${HELM_VERSION}`, () => {
  it("lints the chart strictly with every values file: no errors, no warnings", () => {
    for (const file of valuesFiles) {
      const result = runHelm(["lint", "--strict", CHART_DIR, "-f", path.join(valuesDir, file)]);
      expect(result.stdout + result.stderr, file).not.toMatch(/\[(ERROR|WARNING)\]/);
      expect(result.stdout, file).toContain("0 chart(s) failed");
      expect(result.status, file).toBe(0);
    }
  });

  it("renders every values file into the same workloads, all on the restricted profile", () => {
    expect(valuesFiles).toEqual([
      "clerk.yaml",
      "defaults.yaml",
      "external-db.yaml",
      "ha.yaml",
      "ingress.yaml",
      "s3.yaml",
      "smtp.yaml",
      "stripe.yaml",
    ]);
    for (const file of valuesFiles) {
      const objects = render(file);
      const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(names, file).toEqual(
        expect.arrayContaining([
          "Deployment/skyport-web",
          "Deployment/skyport-worker",
          "Job/skyport-migrate",
          "Service/skyport",
          "ServiceAccount/skyport-web",
          "ServiceAccount/skyport-worker",
          "ClusterRole/skyport-worker",
          "ClusterRole/skyport-airflow-runtime",
          "ClusterRoleBinding/skyport-worker",
          "PodDisruptionBudget/skyport-web",
        ]),
      );
      expect(names.includes("Ingress/skyport"), file).toBe(file === "ingress.yaml");
      for (const [kind, suffix] of [
        ["Deployment", "-web"],
        ["Deployment", "-worker"],
        ["Job", "-migrate"],
      ] as const) {
        const pod = find(objects, kind, suffix).spec.template.spec;
        expect(pod.securityContext.runAsNonRoot, `${file} ${kind}${suffix}`).toBe(true);
        for (const container of pod.containers) {
          expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
          expect(container.securityContext.capabilities).toEqual({ drop: ["ALL"] });
        }
      }
    }
  });

  it("passes every credential through secretKeyRef, never as a value, in every values file", () => {
    const inline: string[] = [];
    let checked = 0;
    for (const file of valuesFiles) {
      for (const object of render(file)) {
        for (const container of object.spec?.template?.spec?.containers ?? []) {
          for (const variable of (container.env ?? []) as EnvVar[]) {
            if (!SECRET_VARIABLE.test(variable.name)) continue;
            checked++;
            if (variable.value !== undefined || !variable.valueFrom?.secretKeyRef) {
              inline.push(`${file}: ${object.metadata.name} ${variable.name}`);
            }
          }
        }
      }
    }
    expect(inline).toEqual([]);
    // Nine per file come with every install (four each for web and worker, one for the Job).
    expect(checked).toBeGreaterThan(valuesFiles.length * 9);
  });

  it("defaults: no optional integration is configured and no Ingress is rendered", () => {
    const objects = render("defaults.yaml");
    for (const suffix of ["-web", "-worker"]) {
      const env = envOf(objects, "Deployment", suffix);
      expect(
        OPTIONAL_INTEGRATIONS.filter((name) => env.has(name)),
        suffix,
      ).toEqual([]);
      expect(env.get("DATABASE_URL")).toMatchObject(secretRef("skyport-connections", "DATABASE_URL"));
      expect(env.get("SKYPORT_KEK")).toMatchObject(secretRef("skyport-connections", "SKYPORT_KEK"));
      expect(env.get("SKYPORT_BUNDLE_MAX_MIB")?.value).toBe("100");
    }
    expect(find(objects, "Deployment", "-web").spec.replicas).toBe(2);
  });

  it("refuses to render without existingSecret, saying how to create it", () => {
    expect(() => renderChart()).toThrow(/values\.existingSecret is required/);
  });

  it("HA: replicas, zone spread, disruption budget and a grace period that follows the shutdown timeout", () => {
    const objects = render("ha.yaml");
    const web = find(objects, "Deployment", "-web");
    const worker = find(objects, "Deployment", "-worker");
    expect(web.spec.replicas).toBe(3);
    expect(worker.spec.replicas).toBe(2);
    expect(web.spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe(
      "topology.kubernetes.io/zone",
    );
    expect(find(objects, "PodDisruptionBudget", "-web").spec).toMatchObject({
      maxUnavailable: 1,
      selector: { matchLabels: { "app.kubernetes.io/component": "web" } },
    });
    expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBe(135);
    const env = envOf(objects, "Deployment", "-worker");
    expect(env.get("WORKER_CONCURRENCY")?.value).toBe("8");
    expect(env.get("WORKER_SHUTDOWN_TIMEOUT_MS")?.value).toBe("120000");
  });

  it("S3 object store and audit anchoring: URL as a value, credentials and keys from their Secrets", () => {
    const objects = render("s3.yaml");
    for (const suffix of ["-web", "-worker"]) {
      const env = envOf(objects, "Deployment", suffix);
      expect(env.get("SKYPORT_OBJECT_STORE_URL")?.value, suffix).toBe(
        "s3://skyport-bundles/prod?region=eu-west-1",
      );
      expect(env.get("SKYPORT_BUNDLE_MAX_MIB")?.value, suffix).toBe("250");
      expect(env.get("SKYPORT_OBJECT_STORE_ACCESS_KEY_ID")).toMatchObject(
        secretRef("skyport-object-store", "access-key-id"),
      );
      expect(env.get("SKYPORT_OBJECT_STORE_SECRET_ACCESS_KEY")).toMatchObject(
        secretRef("skyport-object-store", "secret-access-key"),
      );
      expect(env.get("SKYPORT_AUDIT_SIGNING_KEY")).toMatchObject(
        secretRef("skyport-audit", "signing-key.pem"),
      );
      expect(env.get("SKYPORT_AUDIT_SIEM_SECRET")).toMatchObject(secretRef("skyport-audit", "siem-secret"));
      expect(env.get("SKYPORT_AUDIT_SIEM_URL")?.value).toBe("https://siem.example.com/skyport");
      expect(env.get("SKYPORT_AUDIT_CHECKPOINT_SECONDS")?.value).toBe("600");
      expect(env.has("SKYPORT_AUDIT_TRUSTED_KEYS")).toBe(false);
    }
  });

  it("refuses a SIEM URL without the key of its signing secret", () => {
    expect(() => render("defaults.yaml", { "audit.siemUrl": "https://siem.example.com" })).toThrow(
      /audit\.siemUrl needs audit\.secretKeys\.SKYPORT_AUDIT_SIEM_SECRET/,
    );
  });

  it("Clerk: the web gets the four keys from the Clerk Secret, the worker none", () => {
    const objects = render("clerk.yaml");
    const web = envOf(objects, "Deployment", "-web");
    expect(web.get("CLERK_SECRET_KEY")).toMatchObject(secretRef("skyport-clerk", "secret-key"));
    expect(web.get("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY")).toMatchObject(
      secretRef("skyport-clerk", "publishable-key"),
    );
    expect(web.get("CLERK_WEBHOOK_SIGNING_SECRET")).toMatchObject(
      secretRef("skyport-clerk", "webhook-signing-secret"),
    );
    expect(web.get("CLERK_JWT_KEY")).toMatchObject(secretRef("skyport-clerk", "jwt-key.pem"));
    const worker = envOf(objects, "Deployment", "-worker");
    expect([...worker.keys()].filter((name) => name.includes("CLERK"))).toEqual([]);
  });

  it("Stripe: web and worker get both keys, from the main Secret by default", () => {
    const objects = render("stripe.yaml");
    for (const suffix of ["-web", "-worker"]) {
      const env = envOf(objects, "Deployment", suffix);
      expect(env.get("SKYPORT_STRIPE_SECRET_KEY")).toMatchObject(
        secretRef("skyport-connections", "SKYPORT_STRIPE_SECRET_KEY"),
      );
      expect(env.get("SKYPORT_STRIPE_WEBHOOK_SECRET")).toMatchObject(
        secretRef("skyport-connections", "SKYPORT_STRIPE_WEBHOOK_SECRET"),
      );
    }
  });

  it("SMTP: the sender as a value, the relay URL from its Secret; a missing sender is refused", () => {
    const objects = render("smtp.yaml");
    for (const suffix of ["-web", "-worker"]) {
      const env = envOf(objects, "Deployment", suffix);
      expect(env.get("SMTP_FROM")?.value, suffix).toBe("Skyport <skyport@example.com>");
      expect(env.get("SMTP_URL")).toMatchObject(secretRef("skyport-smtp", "url"));
    }
    expect(() => render("smtp.yaml", { "smtp.from": "" })).toThrow(/smtp\.from is required/);
  });

  it("external databases: renamed keys everywhere, the runtime database only on the worker", () => {
    const objects = render("external-db.yaml");
    for (const [kind, suffix] of [
      ["Deployment", "-web"],
      ["Deployment", "-worker"],
      ["Job", "-migrate"],
    ] as const) {
      expect(envOf(objects, kind, suffix).get("DATABASE_URL"), suffix).toMatchObject(
        secretRef("skyport-connections", "control-plane-db"),
      );
    }
    const worker = envOf(objects, "Deployment", "-worker");
    expect(worker.get("RUNTIME_DATABASE_URL")).toMatchObject(secretRef("skyport-runtime-db", "admin-url"));
    expect(worker.get("RUNTIME_DATABASE_CLUSTER_HOST")?.value).toBe("runtime-db.databases.svc.cluster.local");
    expect(worker.get("RUNTIME_DATABASE_CIDR")?.value).toBe("10.40.0.0/16");
    expect(worker.get("SKYPORT_PUBLIC_CIDR")?.value).toBe("10.50.0.10/32");
    const web = envOf(objects, "Deployment", "-web");
    expect([...web.keys()].filter((name) => name.startsWith("RUNTIME_"))).toEqual([]);
  });

  it("ingress: TLS host routed to the Service, and its URL is the public (and ingest) URL", () => {
    const objects = render("ingress.yaml");
    const ingress = find(objects, "Ingress", "skyport");
    expect(ingress.spec.ingressClassName).toBe("nginx");
    expect(ingress.spec.tls).toEqual([{ secretName: "skyport-tls", hosts: ["skyport.example.com"] }]);
    expect(ingress.spec.rules[0].host).toBe("skyport.example.com");
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe("skyport");
    expect(ingress.metadata.annotations?.["nginx.ingress.kubernetes.io/proxy-body-size"]).toBe("256m");
    for (const suffix of ["-web", "-worker"]) {
      expect(envOf(objects, "Deployment", suffix).get("SKYPORT_PUBLIC_URL")?.value, suffix).toBe(
        "https://skyport.example.com",
      );
    }
  });
});
