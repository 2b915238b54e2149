import type { EnforcementLevel, PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import {
  type CheckContext,
  type CheckResult,
  type PolicyDocs,
  type Props,
  resourcePolicy,
  stackPolicy,
} from "./policy";
import { UNSEEN, type Unseen } from "./unknown";
import { asArray, asObject, asString, at, plain } from "./values";

/**
 * Shared reading of Kubernetes objects for the Kubernetes, service-mesh and Helm policies: type tokens,
 * pod specs of every workload kind, containers, and the policy wrappers that hand a check the plain
 * values under the SDK's proxy. The value readers themselves (`at`, `asString`...) and why these
 * policies read plain values are in ./values.
 */

/** `kubernetes:<group>/<version>:<Kind>`, with `core` for the core group. */
export function parseType(type: string): { group: string; version: string; kind: string } | undefined {
  const m = /^kubernetes:(?:([^/:]+)\/)?([^/:]+):([^:]+)$/.exec(type);
  if (!m) return undefined;
  return { group: m[1] ?? "core", version: m[2] as string, kind: m[3] as string };
}

/** Every type token for `kind` in the given `group/version`s, with the Server-Side Apply `Patch` twin. */
export function typesOf(groupVersions: readonly string[], kinds: readonly string[]): string[] {
  return groupVersions.flatMap((gv) =>
    kinds.flatMap((k) => [`kubernetes:${gv}:${k}`, `kubernetes:${gv}:${k}Patch`]),
  );
}

/** True for `...Patch` types: Server-Side Apply patches, whose absent fields mean "leave as is". */
export function isPatchType(type: string): boolean {
  return /Patch$/.test(type);
}

// Where each workload kind keeps its pod template. @pulumi/kubernetes 4.34.2 registers all of these.
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** Every workload type token, including older API versions still registered and the Patch twins. */
export const WORKLOAD_TYPES: readonly string[] = [
  ...typesOf(["core/v1"], ["Pod", "PodTemplate", "ReplicationController"]),
  ...typesOf(["apps/v1", "apps/v1beta2", "extensions/v1beta1"], ["Deployment", "DaemonSet", "ReplicaSet"]),
  ...typesOf(["apps/v1", "apps/v1beta1", "apps/v1beta2"], ["StatefulSet"]),
  ...typesOf(["apps/v1beta1"], ["Deployment"]),
  ...typesOf(["batch/v1"], ["Job"]),
  ...typesOf(["batch/v1", "batch/v1beta1", "batch/v2alpha1"], ["CronJob"]),
];

export interface Workload {
  /** The object's kind, e.g. `Deployment` (without `Patch`). */
  readonly kind: string;
  /** The pod spec (plain, may hold unknown sentinels). */
  readonly podSpec: Record<string, any>;
  /** A Server-Side Apply patch: only explicitly written values count, absent ones are not flagged. */
  readonly partial: boolean;
}

/** The pod spec of any workload kind, or undefined when there is none to see. */
export function workloadOf(type: string, props: Props): Workload | undefined {
  const parsed = parseType(type);
  if (!parsed) return undefined;
  const partial = isPatchType(parsed.kind);
  const kind = partial ? parsed.kind.slice(0, -"Patch".length) : parsed.kind;
  const path = POD_SPEC_PATHS[kind];
  if (!path) return undefined;
  const podSpec = asObject(at(plain(props), ...path));
  return podSpec ? { kind, podSpec, partial } : undefined;
}

export type ContainerKind = "container" | "initContainer" | "ephemeralContainer";

export interface ContainerRef {
  readonly container: Record<string, any>;
  readonly kind: ContainerKind;
  /** `Container "app"`, `Init container "setup"`, `Ephemeral container "debug"` (or `#n` when unnamed). */
  readonly label: string;
}

const CONTAINER_LISTS: [string, ContainerKind, string][] = [
  ["containers", "container", "Container"],
  ["initContainers", "initContainer", "Init container"],
  ["ephemeralContainers", "ephemeralContainer", "Ephemeral container"],
];

/** Every container of a pod spec: containers, init containers and ephemeral containers. */
export function containersOf(podSpec: Record<string, any>): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const [key, kind, word] of CONTAINER_LISTS) {
    // An unknown list, or an unknown container in one, hides what a policy would judge: recorded as an
    // unseen read (lib/values.ts), so a check that finds nothing else reports the pod as not inspectable.
    const list = at(podSpec, key);
    if (list === UNSEEN) return out;
    asArray(list).forEach((c, i) => {
      if (at(podSpec, key, i) === UNSEEN) return;
      const container = asObject(c);
      if (!container) return;
      const name = asString(container.name);
      out.push({ container, kind, label: name !== undefined ? `${word} "${name}"` : `${word} #${i + 1}` });
    });
  }
  return out;
}

/**
 * A security-context field as it takes effect for a container: the container's own value when set,
 * else the pod's (Kubernetes' rule for runAsNonRoot, runAsUser, seccompProfile, seLinuxOptions...).
 * `UNSEEN` when the deciding value is unknown.
 */
export function effective(podSpec: Record<string, any>, ref: ContainerRef, field: string): any {
  const own = at(ref.container, "securityContext", field);
  if (own !== undefined) return own;
  return at(podSpec, "securityContext", field);
}

/** The docs every policy carries (name, description, catalog, remediation), passed to ./policy as they are. */
function docsOf(spec: PolicyDocs): PolicyDocs {
  return {
    name: spec.name,
    description: spec.description,
    ...(spec.catalog ? { catalog: spec.catalog } : {}),
    ...(spec.remediation ? { remediation: spec.remediation } : {}),
  };
}

export interface WorkloadPolicySpec extends PolicyDocs {
  readonly enforcementLevel?: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchema;
  readonly check: (w: Workload, ctx: CheckContext) => CheckResult;
}

/** A resource policy over the pod spec of every workload kind. */
export function workloadPolicy(spec: WorkloadPolicySpec) {
  return resourcePolicy({
    ...docsOf(spec),
    ...(spec.enforcementLevel ? { enforcementLevel: spec.enforcementLevel } : {}),
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    types: WORKLOAD_TYPES,
    check: (props, ctx) => {
      const w = workloadOf(ctx.type, props);
      return w ? spec.check(w, ctx) : undefined;
    },
  });
}

/** A resource policy over a Kubernetes object, handed its plain props and whether it is a patch. */
export function objectPolicy(
  spec: PolicyDocs & {
    readonly enforcementLevel?: EnforcementLevel;
    readonly configSchema?: PolicyConfigSchema;
    readonly types: readonly string[];
    readonly check: (
      o: Record<string, any>,
      ctx: CheckContext & { readonly partial: boolean },
    ) => CheckResult;
  },
) {
  return resourcePolicy({
    ...docsOf(spec),
    ...(spec.enforcementLevel ? { enforcementLevel: spec.enforcementLevel } : {}),
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    types: spec.types,
    check: (props, ctx) => {
      const o = asObject(plain(props));
      return o ? spec.check(o, { ...ctx, partial: isPatchType(ctx.type) }) : undefined;
    },
  });
}

/** A resource as a stack policy sees it: type, name, URN and plain props. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, any>;
}

/**
 * A stack policy over plain props (see `plain`): `stackPolicy` from ./policy, which records `types` for
 * the property-based test, with each resource's props unwrapped so unknowns are skipped, not thrown.
 */
export function k8sStackPolicy(
  spec: PolicyDocs & {
    readonly enforcementLevel?: EnforcementLevel;
    /** The resource types it reads. */
    readonly types: readonly string[];
    readonly configSchema?: PolicyConfigSchema;
    readonly check: (
      resources: readonly StackResource[],
      config: Record<string, any>,
    ) => readonly { message: string; urn?: string }[];
  },
): StackValidationPolicy {
  return stackPolicy({
    ...docsOf(spec),
    ...(spec.enforcementLevel ? { enforcementLevel: spec.enforcementLevel } : {}),
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    types: spec.types,
    check: (resources, { config }) =>
      spec.check(
        resources.map((r) => ({
          type: r.type,
          name: r.name,
          urn: r.urn,
          props: asObject(plain(r.props)) ?? {},
        })),
        config,
      ),
  });
}

/** `metadata.name` (known) of a Kubernetes object. */
export function nameOf(o: Record<string, any>): string | undefined {
  return asString(at(o, "metadata", "name"));
}

/** `metadata.namespace` of a namespaced object: the string, `UNSEEN`, or undefined (the provider's default). */
export function namespaceOf(o: Record<string, any>): string | Unseen | undefined {
  const ns = at(o, "metadata", "namespace");
  return ns === UNSEEN ? UNSEEN : asString(ns);
}

/** An annotation or label value (known string), `UNSEEN`, or undefined. */
export function metaValue(
  o: Record<string, any>,
  field: "annotations" | "labels",
  key: string,
): string | Unseen | undefined {
  const v = at(o, "metadata", field, key);
  return v === UNSEEN ? UNSEEN : asString(v);
}
