/**
 * Images in Kubernetes workloads: every kind that carries a pod template, in every API group version the
 * provider registers it under (and its server-side-apply `*Patch` twin), reading containers,
 * initContainers and ephemeralContainers.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates
 */
import { isObject, UNKNOWN } from "../network/props";
import { SECRET_SIG, SIG_KEY } from "../../sdk/pulumiInternals";
import type { ExportResource, ImageSource } from "./types";

/** Where the pod spec sits in each kind's object. */
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

/** `kubernetes:apps/v1:Deployment` (or `DeploymentPatch`) -> `Deployment`; undefined for other types. */
export function workloadKind(type: string): string | undefined {
  const m = /^kubernetes:[a-z0-9.]*\/[a-z0-9]+:([A-Za-z]+?)(Patch)?$/.exec(type);
  return m && m[1]! in POD_SPEC_PATH ? m[1] : undefined;
}

/** A value the export cannot show: a secret's ciphertext or a value unknown until apply. */
export function opaque(v: unknown): string | undefined {
  if (v === UNKNOWN) return "unknown until apply";
  if (isObject(v) && v[SIG_KEY] === SECRET_SIG) return "a secret (only its ciphertext is in the export)";
  return undefined;
}

/** The object Pulumi was asked to create: its inputs, else (an export without inputs) its outputs. */
export function desired(r: ExportResource): Record<string, unknown> {
  return r.inputs && Object.keys(r.inputs).length > 0 ? r.inputs : (r.outputs ?? {});
}

export function workloadImages(r: ExportResource): ImageSource[] {
  const kind = workloadKind(r.type);
  if (!kind) return [];
  const base = { urn: r.urn, type: r.type };
  let spec: unknown = desired(r);
  const walked: string[] = [];
  for (const key of POD_SPEC_PATH[kind]!) {
    const hidden = opaque(spec);
    if (hidden)
      return [{ ...base, path: walked.join(".") || "(inputs)", problem: `the pod spec is ${hidden}` }];
    // A patch may leave out the template altogether: it then changes no image.
    if (!isObject(spec) || spec[key] === undefined) return [];
    spec = spec[key];
    walked.push(key);
  }
  const out: ImageSource[] = [];
  for (const list of CONTAINER_LISTS) {
    const containers = isObject(spec) ? spec[list] : undefined;
    if (!Array.isArray(containers)) continue;
    containers.forEach((c, i) => {
      const path = `${walked.join(".")}.${list}[${i}].image`;
      const image = isObject(c) ? c.image : undefined;
      const hidden = opaque(image);
      if (hidden) out.push({ ...base, path, problem: `the image is ${hidden}` });
      else if (typeof image === "string") out.push({ ...base, path, ref: image });
      // A full object without an image is refused by the API server; a patch may omit it.
      else if (!r.type.endsWith("Patch"))
        out.push({ ...base, path, problem: "the container names no image (the API server would refuse it)" });
    });
  }
  return out;
}
