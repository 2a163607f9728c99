import { expect } from "chai";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IService } from "kubernetes-models/v1/Service";
import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { AS_IN_ITS_CONTAINER, CONTAINER_MEMORY_LIMIT_BYTES } from "@onlinebooks/testkit";
import { find, renderKustomization, schemaProblems, type KubernetesObject } from "./support/kubernetes-objects.js";
import { unknownFieldProblems } from "./support/kubernetes-types.js";
import { RULE_NAME } from "./support/prometheus-rules.js";
import { installTools } from "./support/tools.js";

/** How long the recommendations server drains after SIGTERM (its shutdownGraceMs default). */
const RECOMMENDATIONS_DRAIN_SECONDS = 30;

const VARIANTS = [
  { dir: "base", namespace: undefined, mtls: false },
  { dir: "overlays/dev", namespace: "onlinebooks-dev", mtls: false },
  { dir: "overlays/prod", namespace: "onlinebooks", mtls: false },
  { dir: "overlays/prod-mtls", namespace: "onlinebooks", mtls: true },
] as const;

/** A Deployment with a misspelt field (`readinesProbe`): proof that the strict check runs. */
const MISSPELT: KubernetesObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "broken" },
  spec: { selector: {}, template: { spec: { containers: [{ name: "c", readinesProbe: {} }] } } },
};

const MIN_REPLICAS = { recommendations: 3, marketplace: 2 } as const;

function as<T>(object: KubernetesObject): T {
  return object as unknown as T;
}

function podSpec(deployment: IDeployment) {
  const spec = deployment.spec?.template.spec;
  if (spec === undefined) throw new Error(`${deployment.metadata?.name}: no pod spec`);
  return spec;
}

function configOf(objects: readonly KubernetesObject[], deployment: IDeployment): Record<string, string> {
  const name = podSpec(deployment).containers[0]?.envFrom?.[0]?.configMapRef?.name ?? "";
  return as<IConfigMap>(find(objects, "ConfigMap", name)).data ?? {};
}

describe("Kubernetes manifests (kustomize)", function () {
  const rendered: Record<string, KubernetesObject[]> = {};
  let typeProblems: Record<string, string[]>;

  before(async function () {
    this.timeout(15 * 60_000);
    const tools = await installTools();
    for (const variant of VARIANTS) rendered[variant.dir] = await renderKustomization(tools.kustomize, variant.dir);
    typeProblems = unknownFieldProblems({ ...rendered, broken: [MISSPELT] });
  });

  it("the checks catch a wrong type and a misspelt field (the validators run)", () => {
    const wrongType = { ...MISSPELT, spec: { ...(MISSPELT.spec as object), replicas: "three" } };
    expect(schemaProblems(wrongType).join("\n")).to.include("/spec/replicas");
    expect(schemaProblems(MISSPELT), "the schemas alone let a misspelt field through").to.deep.equal([]);
    expect(typeProblems["broken"]?.join("\n")).to.match(/readinesProbe\W* does not exist in type 'IContainer'/);
  });

  for (const variant of VARIANTS) {
    describe(variant.dir, () => {
      let objects: KubernetesObject[];
      let deployments: Record<keyof typeof MIN_REPLICAS, IDeployment>;
      before(() => {
        objects = rendered[variant.dir]!;
        deployments = {
          recommendations: as<IDeployment>(find(objects, "Deployment", "recommendations")),
          marketplace: as<IDeployment>(find(objects, "Deployment", "marketplace")),
        };
      });

      it("renders only objects that are valid against the Kubernetes API schemas", () => {
        expect(objects.length).to.be.greaterThan(10);
        expect(objects.flatMap(schemaProblems)).to.deep.equal([]);
      });

      it("uses no field the Kubernetes API does not know, at any depth (strict check with the API's types)", () => {
        expect(typeProblems[variant.dir]).to.deep.equal([]);
      });

      it("puts every object in the overlay's namespace (Pod Security \"restricted\") and contains no Secret (keys never live in the repository)", () => {
        const namespaced = objects.filter((object) => object.kind !== "Namespace");
        expect(new Set(namespaced.map((object) => object.metadata.namespace))).to.deep.equal(new Set([variant.namespace]));
        expect(objects.filter((object) => object.kind === "Secret")).to.deep.equal([]);
        if (variant.namespace !== undefined) {
          const namespace = find(objects, "Namespace", variant.namespace);
          expect(namespace.metadata.labels).to.include({ "pod-security.kubernetes.io/enforce": "restricted" });
        }
      });

      it("runs at least 3 recommendations and 2 marketplace replicas, autoscaled from there", () => {
        for (const [name, min] of Object.entries(MIN_REPLICAS)) {
          const deployment = deployments[name as keyof typeof MIN_REPLICAS];
          expect(deployment.spec?.replicas, name).to.be.at.least(min);
          const hpa = as<IHorizontalPodAutoscaler>(find(objects, "HorizontalPodAutoscaler", name)).spec!;
          expect(hpa.scaleTargetRef).to.include({ kind: "Deployment", name });
          expect(hpa.minReplicas, name).to.be.at.least(min);
          expect(hpa.maxReplicas, name).to.be.greaterThan(hpa.minReplicas ?? 1);
        }
      });

      it("guards every Deployment with a PodDisruptionBudget that selects its pods", () => {
        for (const deployment of Object.values(deployments)) {
          const pdb = as<IPodDisruptionBudget>(find(objects, "PodDisruptionBudget", deployment.metadata!.name!)).spec!;
          const podLabels = deployment.spec!.template.metadata!.labels!;
          expect(podLabels).to.include(pdb.selector!.matchLabels!);
          expect(pdb.maxUnavailable ?? pdb.minAvailable).to.not.equal(undefined);
        }
      });

      it(variant.mtls ? "probes recommendations with the TLS gRPC health check (kubelet gRPC probes cannot speak TLS)" : "probes recommendations with native gRPC probes", () => {
        const container = podSpec(deployments.recommendations).containers[0]!;
        for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
          if (variant.mtls) expect(probe?.exec?.command).to.deep.equal(["node", "/app/grpc-health-check.mjs"]);
          else expect(probe?.grpc).to.deep.equal({ port: 50051 });
        }
      });

      it("probes the marketplace over HTTP: /readyz for readiness, /healthz for liveness", () => {
        const container = podSpec(deployments.marketplace).containers[0]!;
        expect(container.readinessProbe?.httpGet).to.include({ path: "/readyz", port: "http" });
        expect(container.livenessProbe?.httpGet).to.include({ path: "/healthz", port: "http" });
      });

      it("sets resource requests and limits and a restricted securityContext on every container", () => {
        for (const deployment of Object.values(deployments)) {
          const spec = podSpec(deployment);
          expect(spec.securityContext).to.deep.include({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
          expect(spec.automountServiceAccountToken).to.equal(false);
          for (const container of spec.containers) {
            expect(Object.keys(container.resources?.requests ?? {}), container.name).to.include.members(["cpu", "memory"]);
            expect(Object.keys(container.resources?.limits ?? {}), container.name).to.include.members(["cpu", "memory"]);
            expect(container.securityContext, container.name).to.deep.include({
              runAsNonRoot: true,
              readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false,
              capabilities: { drop: ["ALL"] },
            });
            expect(container.image, container.name).to.match(/:[\w.-]+$/).and.not.match(/:latest$/);
          }
        }
      });

      it("gives each service the memory limit and V8 heap cap its attack specs hold it to", () => {
        for (const [name, deployment] of Object.entries(deployments)) {
          expect(podSpec(deployment).containers[0]?.resources?.limits?.["memory"], name).to.equal(`${CONTAINER_MEMORY_LIMIT_BYTES / 2 ** 20}Mi`);
          expect(configOf(objects, deployment)["NODE_OPTIONS"], name).to.equal(AS_IN_ITS_CONTAINER.join(" "));
        }
      });

      it("gives each pod a termination grace period that covers its drain", () => {
        const recommendations = podSpec(deployments.recommendations);
        const preStop = recommendations.containers[0]?.lifecycle?.preStop?.sleep?.seconds ?? 0;
        expect(recommendations.terminationGracePeriodSeconds).to.be.at.least(preStop + RECOMMENDATIONS_DRAIN_SECONDS);
        const config = configOf(objects, deployments.marketplace);
        const drainSeconds = (Number(config.SHUTDOWN_DELAY_MS ?? 0) + Number(config.SHUTDOWN_GRACE_MS ?? 10_000)) / 1000;
        expect(podSpec(deployments.marketplace).terminationGracePeriodSeconds).to.be.greaterThan(drainSeconds);
      });

      it("lets only the marketplace reach the recommendations gRPC port", () => {
        const policy = as<INetworkPolicy>(find(objects, "NetworkPolicy", "recommendations")).spec!;
        expect(deployments.recommendations.spec!.template.metadata!.labels).to.include(policy.podSelector.matchLabels!);
        expect(policy.policyTypes).to.include("Ingress");
        const rules = policy.ingress ?? [];
        expect(rules.every((rule) => (rule.from ?? []).length > 0), "no rule admits every source").to.equal(true);
        const grpcRules = rules.filter((rule) => rule.ports?.some((port) => port.port === 50051 || port.port === "grpc"));
        expect(grpcRules.flatMap((rule) => rule.from ?? [])).to.deep.equal([
          { podSelector: { matchLabels: { "app.kubernetes.io/name": "marketplace" } } },
        ]);
        expect(deployments.marketplace.spec!.template.metadata!.labels).to.include({ "app.kubernetes.io/name": "marketplace" });
      });

      it("balances gRPC calls on the client: a headless Service and a dns:/// target with round_robin", () => {
        const service = as<IService>(find(objects, "Service", "recommendations")).spec!;
        expect(service.clusterIP).to.equal("None");
        expect(service.ports?.map((port) => port.port)).to.include(50051);
        expect(deployments.recommendations.spec!.template.metadata!.labels).to.include(service.selector!);
        const host = variant.namespace ? `recommendations.${variant.namespace}.svc.cluster.local` : "recommendations";
        expect(configOf(objects, deployments.marketplace).RECOMMENDATIONS_TARGET).to.equal(`dns:///${host}:50051`);
      });

      it("exposes the marketplace through an Ingress to its Service", () => {
        const service = as<IService>(find(objects, "Service", "marketplace")).spec!;
        expect(deployments.marketplace.spec!.template.metadata!.labels).to.include(service.selector!);
        const ingress = as<IIngress>(find(objects, "Ingress", "marketplace")).spec!;
        const backends = (ingress.rules ?? []).flatMap((rule) => rule.http?.paths ?? []).map((path) => path.backend.service);
        expect(backends).to.deep.equal([{ name: "marketplace", port: { name: "http" } }]);
        if (variant.dir.startsWith("overlays/prod")) {
          expect(ingress.tls?.[0]?.secretName, "TLS from a Secret").to.equal("marketplace-ingress-tls");
        }
      });

      it(variant.dir === "base" ? "leaves monitoring to the overlays" : "scrapes both services' /metrics and carries the migration rules (Prometheus Operator)", () => {
        const monitors = objects.filter((object) => object.kind === "PodMonitor" || object.kind === "PrometheusRule");
        if (variant.dir === "base") {
          expect(monitors).to.deep.equal([]);
          return;
        }
        const metricsPorts = { recommendations: "metrics", marketplace: "http" } as const;
        for (const [name, port] of Object.entries(metricsPorts)) {
          const deployment = deployments[name as keyof typeof metricsPorts];
          const monitor = as<IPodMonitor>(find(objects, "PodMonitor", name)).spec;
          expect(deployment.spec!.template.metadata!.labels, name).to.include(monitor.selector.matchLabels!);
          expect(monitor.podMetricsEndpoints?.map((endpoint) => [endpoint.port, endpoint.path]), name).to.deep.equal([[port, "/metrics"]]);
          expect(podSpec(deployment).containers[0]?.ports?.map((p) => p.name), name).to.include(port);
        }
        // The rules themselves are checked with promtool by prometheus-rules.spec.ts.
        expect(find(objects, "PrometheusRule", RULE_NAME).metadata.namespace).to.equal(variant.namespace);
      });

      if (variant.mtls) {
        it("mounts the certificates from Secrets, read-only, and points both services at them", () => {
          const expected = {
            recommendations: { secret: "recommendations-tls", env: ["TLS_CERT", "TLS_KEY", "TLS_CLIENT_CA"] },
            marketplace: { secret: "marketplace-tls", env: ["RECOMMENDATIONS_TLS_CA", "RECOMMENDATIONS_TLS_CERT", "RECOMMENDATIONS_TLS_KEY"] },
          };
          for (const [name, { secret, env }] of Object.entries(expected)) {
            const spec = podSpec(deployments[name as keyof typeof expected]);
            const volume = spec.volumes?.find((v) => v.secret?.secretName === secret);
            expect(volume, `${name} mounts Secret ${secret}`).to.not.equal(undefined);
            const container = spec.containers[0]!;
            const mount = container.volumeMounts?.find((m) => m.name === volume!.name);
            expect(mount?.readOnly).to.equal(true);
            const values = new Map(container.env?.map((e) => [e.name, e.value]));
            for (const variable of env) expect(values.get(variable), variable).to.match(new RegExp(`^${mount!.mountPath}/`));
          }
        });
      }
    });
  }
});
