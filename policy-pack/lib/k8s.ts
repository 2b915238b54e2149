import type { EnforcementLevel, PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { type CheckContext, type CheckResult, type Props, resourcePolicy, stackPolicy } from "./policy";

/**
 * Shared reading of Kubernetes objects for the Kubernetes, service-mesh and Helm policies.
 *
 * Props arrive in the policy SDK's unknown-checking proxy, which throws on the first unknown value read;
 * the server then replaces the whole policy's verdict with an advisory "can't run during preview" note.
 * A workload whose image comes from an ECR repository output would then hide a `privileged: true` in the
 * same pod. So these policies read the plain values underneath (`plain`) and treat an unknown value as
 * "cannot see": the check that needs it says nothing, every other check still runs. During `pulumi up`
 * the values are known and the policy runs again in full.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  getSpecialProxyTarget?: string;
  unknownBooleanValue: string;
  unknownNumberValue: string;
  unknownStringValue: string;
  unknownArrayValue: string;
  unknownAssetValue: string;
  unknownArchiveValue: string;
  unknownObjectValue: string;
};

const PROXY_TARGET = proxy.getSpecialProxyTarget ?? "__getSpecialProxyTarget";
const SENTINELS = new Set<unknown>([
  proxy.unknownBooleanValue,
  proxy.unknownNumberValue,
  proxy.unknownStringValue,
  proxy.unknownArrayValue,
  proxy.unknownAssetValue,
  proxy.unknownArchiveValue,
  proxy.unknownObjectValue,
]);

/** True for the SDK's sentinels of values that are unknown during preview. */
export function isUnknown(v: unknown): boolean {
  return typeof v === "string" && SENTINELS.has(v);
}

/** Marks a value the policy cannot see (unknown during preview somewhere along its path). */
export const UNSEEN: unique symbol = Symbol("unseen");
export type Unseen = typeof UNSEEN;

/** The plain value under the SDK's proxy (or the value itself when it is not proxied). */
export function plain<T>(v: T): T {
  if (v !== null && typeof v === "object") {
    const target = (v as Record<string, unknown>)[PROXY_TARGET];
    if (target !== undefined && target !== null && typeof target === "object") return target as T;
  }
  return v;
}

/**
 * Reads `path` under `root` without throwing: `UNSEEN` when an unknown value is met on the way,
 * `undefined` when a step is missing or not an object.
 */
export function at(root: unknown, ...path: (string | number)[]): any {
  let cur: any = root;
  for (const key of path) {
    // `at(at(x, "a"), "b")` stays UNSEEN when `x.a` was.
    if (cur === UNSEEN || isUnknown(cur)) return UNSEEN;
    if (cur === null || typeof cur !== "object") return undefined;
    cur = cur[key];
  }
  return cur === UNSEEN || isUnknown(cur) ? UNSEEN : cur;
}

/** A plain (non-array) object, or undefined. */
export function obj(v: unknown): Record<string, any> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
}

/** An array, or an empty one for anything else (missing, unknown, wrong shape). */
export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** A known string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

/** Known strings of a list; unknown and non-string entries are skipped. */
export function strings(v: unknown): string[] {
  return arr(v).filter((s): s is string => typeof s === "string" && !isUnknown(s));
}

/** True when a value (as `at` returns it) is unknown, or is a list holding an unknown entry. */
export function hasUnknown(v: unknown): boolean {
  return v === UNSEEN || isUnknown(v) || arr(v).some(isUnknown);
}

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
  const podSpec = obj(at(plain(props), ...path));
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
    arr(podSpec[key]).forEach((c, i) => {
      const container = obj(c);
      if (!container) return;
      const name = str(container.name);
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

export interface WorkloadPolicySpec {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel?: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchema;
  readonly check: (w: Workload, ctx: CheckContext) => CheckResult;
}

/** A resource policy over the pod spec of every workload kind. */
export function workloadPolicy(spec: WorkloadPolicySpec) {
  return resourcePolicy({
    name: spec.name,
    description: spec.description,
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
export function objectPolicy(spec: {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel?: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchema;
  readonly types: readonly string[];
  readonly check: (o: Record<string, any>, ctx: CheckContext & { readonly partial: boolean }) => CheckResult;
}) {
  return resourcePolicy({
    name: spec.name,
    description: spec.description,
    ...(spec.enforcementLevel ? { enforcementLevel: spec.enforcementLevel } : {}),
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    types: spec.types,
    check: (props, ctx) => {
      const o = obj(plain(props));
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
export function k8sStackPolicy(spec: {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel?: EnforcementLevel;
  /** The resource types it reads. */
  readonly types: readonly string[];
  readonly configSchema?: PolicyConfigSchema;
  readonly check: (
    resources: readonly StackResource[],
    config: Record<string, any>,
  ) => readonly { message: string; urn?: string }[];
}): StackValidationPolicy {
  return stackPolicy({
    name: spec.name,
    description: spec.description,
    ...(spec.enforcementLevel ? { enforcementLevel: spec.enforcementLevel } : {}),
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    types: spec.types,
    check: (resources, { config }) =>
      spec.check(
        resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: obj(plain(r.props)) ?? {} })),
        config,
      ),
  });
}

/** `metadata.name` (known) of a Kubernetes object. */
export function nameOf(o: Record<string, any>): string | undefined {
  return str(at(o, "metadata", "name"));
}

/** `metadata.namespace` of a namespaced object: the string, `UNSEEN`, or undefined (the provider's default). */
export function namespaceOf(o: Record<string, any>): string | Unseen | undefined {
  const ns = at(o, "metadata", "namespace");
  return ns === UNSEEN ? UNSEEN : str(ns);
}

/** An annotation or label value (known string), `UNSEEN`, or undefined. */
export function metaValue(
  o: Record<string, any>,
  field: "annotations" | "labels",
  key: string,
): string | Unseen | undefined {
  const v = at(o, "metadata", field, key);
  return v === UNSEEN ? UNSEEN : str(v);
}
