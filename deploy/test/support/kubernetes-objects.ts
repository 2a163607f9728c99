import { parseAllDocuments } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Service, ServiceAccount } from "kubernetes-models/v1";
import { PodMonitor, PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { join } from "node:path";
import { DEPLOY_DIR } from "./repo.js";
import { runTool } from "./tools.js";

/** A rendered Kubernetes object, as plain data. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** A model class of kubernetes-models: validates its data against the Kubernetes OpenAPI schema. */
type ModelClass = new (data: never) => { validate(): void };

/**
 * The kinds the manifests may use, each with its schema: Kubernetes 1.33 OpenAPI, and
 * the Prometheus Operator's CRDs for its monitoring.coreos.com kinds.
 */
const MODELS: Record<string, ModelClass> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Namespace": Namespace,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};

/** Runs `kustomize build` on a directory under `deploy/kubernetes/` and parses the output. */
export async function renderKustomization(kustomize: string, dir: string): Promise<KubernetesObject[]> {
  const yaml = await runTool(kustomize, ["build", join(DEPLOY_DIR, "kubernetes", dir)]);
  return parseAllDocuments(yaml).map((document) => {
    if (document.errors.length > 0) throw new Error(`kustomize output of ${dir}: ${document.errors[0]?.message}`);
    return document.toJS() as KubernetesObject;
  });
}

/**
 * Validates one object with the kubernetes-models schema of its apiVersion and kind and
 * returns the problems as lines (empty when valid). A kind without a schema here is a
 * problem too, so nothing slips through unchecked.
 */
export function schemaProblems(object: KubernetesObject): string[] {
  const id = `${object.kind}/${object.metadata?.name}`;
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (Model === undefined) return [`${id}: no schema for ${object.apiVersion} ${object.kind}`];
  const { apiVersion: _apiVersion, kind: _kind, ...data } = object;
  try {
    new Model(data as never).validate();
    return [];
  } catch (error) {
    const details = (error as { errors?: { instancePath: string; message?: string }[] }).errors;
    return details?.map((detail) => `${id}${detail.instancePath}: ${detail.message}`) ?? [`${id}: ${String(error)}`];
  }
}

/** The one object of a kind and name; throws when it is missing. */
export function find(objects: readonly KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in the rendered output`);
  return found;
}
