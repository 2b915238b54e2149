import assert from "node:assert/strict";
import { test } from "node:test";
import type { Policy } from "../../../policy-pack/lib/policy";
import { type Outcome, UNKNOWN, validate, violations } from "../helpers/policyHarness";

/**
 * Compliant workload fixtures (Pod Security "restricted", pinned images, limits, no token automount) and
 * the wrapping of one pod spec into every workload kind, so each policy's test can mutate one field and
 * run the same case over Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
 * CronJob and PodTemplate. workloadFixtures.test.ts proves the fixtures valid against the Kubernetes schemas.
 */

export const DIGEST = "sha256:" + "a".repeat(64);
export const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/inference/vllm:0.6.3@${DIGEST}`;

export function compliantContainer(name = "app"): Record<string, any> {
  return {
    name,
    image: IMAGE,
    ports: [{ name: "http", containerPort: 8080 }],
    env: [
      { name: "MODEL_NAME", value: "llama-3-8b" },
      { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
    ],
    resources: {
      limits: { cpu: "2", memory: "8Gi" },
      requests: { cpu: "1", memory: "4Gi" },
    },
    securityContext: {
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 10001,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  };
}

export function compliantPodSpec(): Record<string, any> {
  return {
    automountServiceAccountToken: false,
    serviceAccountName: "inference",
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    },
    initContainers: [compliantContainer("fetch-model")],
    containers: [compliantContainer("app")],
    volumes: [
      { name: "tmp", emptyDir: {} },
      { name: "model", persistentVolumeClaim: { claimName: "model" } },
    ],
  };
}

const labels = { app: "inference" };
const meta = (name: string) => ({ name, namespace: "inference", labels });
const template = (spec: Record<string, any>) => ({ metadata: { labels }, spec });

export interface WorkloadKind {
  readonly kind: string;
  readonly type: string;
  readonly wrap: (podSpec: Record<string, any>) => Record<string, any>;
}

/** Every workload kind, as @pulumi/kubernetes registers it, around a given pod spec. */
export const KINDS: readonly WorkloadKind[] = [
  {
    kind: "Pod",
    type: "kubernetes:core/v1:Pod",
    wrap: (spec) => ({ apiVersion: "v1", kind: "Pod", metadata: meta("p"), spec }),
  },
  {
    kind: "Deployment",
    type: "kubernetes:apps/v1:Deployment",
    wrap: (spec) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("d"),
      spec: { replicas: 2, selector: { matchLabels: labels }, template: template(spec) },
    }),
  },
  {
    kind: "StatefulSet",
    type: "kubernetes:apps/v1:StatefulSet",
    wrap: (spec) => ({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: meta("s"),
      spec: { serviceName: "s", selector: { matchLabels: labels }, template: template(spec) },
    }),
  },
  {
    kind: "DaemonSet",
    type: "kubernetes:apps/v1:DaemonSet",
    wrap: (spec) => ({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: meta("ds"),
      spec: { selector: { matchLabels: labels }, template: template(spec) },
    }),
  },
  {
    kind: "ReplicaSet",
    type: "kubernetes:apps/v1:ReplicaSet",
    wrap: (spec) => ({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: meta("rs"),
      spec: { selector: { matchLabels: labels }, template: template(spec) },
    }),
  },
  {
    kind: "ReplicationController",
    type: "kubernetes:core/v1:ReplicationController",
    wrap: (spec) => ({
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: meta("rc"),
      spec: { selector: labels, template: template(spec) },
    }),
  },
  {
    kind: "Job",
    type: "kubernetes:batch/v1:Job",
    wrap: (spec) => ({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta("j"),
      spec: { template: template({ ...spec, restartPolicy: "Never" }) },
    }),
  },
  {
    kind: "CronJob",
    type: "kubernetes:batch/v1:CronJob",
    wrap: (spec) => ({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta("cj"),
      spec: {
        schedule: "0 3 * * *",
        jobTemplate: { spec: { template: template({ ...spec, restartPolicy: "OnFailure" }) } },
      },
    }),
  },
  {
    kind: "PodTemplate",
    type: "kubernetes:core/v1:PodTemplate",
    wrap: (spec) => ({
      apiVersion: "v1",
      kind: "PodTemplate",
      metadata: meta("pt"),
      template: template(spec),
    }),
  },
];

export const DEPLOYMENT = KINDS[1]!;

/** A compliant pod spec after `mutate`. */
export function podSpec(mutate: (spec: Record<string, any>) => void = () => {}): Record<string, any> {
  const spec = compliantPodSpec();
  mutate(spec);
  return spec;
}

/** The pod spec's first (main) container. */
export const main = (spec: Record<string, any>): Record<string, any> => spec.containers[0];
/** The pod spec's first init container. */
export const init = (spec: Record<string, any>): Record<string, any> => spec.initContainers[0];

/** Adds an ephemeral (debug) container, otherwise compliant, and returns it. */
export function addEphemeral(spec: Record<string, any>): Record<string, any> {
  const { resources: _r, ports: _p, ...c } = compliantContainer("debug");
  spec.ephemeralContainers = [c];
  return c;
}

/** A Server-Side Apply patch of a Deployment (`DeploymentPatch`) carrying only `podSpec`. */
export function deploymentPatch(podSpec: Record<string, any>): { type: string; props: Record<string, any> } {
  return {
    type: "kubernetes:apps/v1:DeploymentPatch",
    props: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("d"),
      spec: { template: { spec: podSpec } },
    },
  };
}

/** Violations of `policy` for a compliant pod spec after `mutate`, wrapped as `kind`. */
export async function workloadViolations(
  policy: Policy,
  kind: WorkloadKind,
  mutate: (spec: Record<string, any>) => void,
  config?: Record<string, any>,
): Promise<string[]> {
  return violations(policy, kind.type, kind.wrap(podSpec(mutate)), config);
}

/**
 * The whole outcome (violations, and whether a value unknown during preview was read) of `policy` for a
 * compliant pod spec after `mutate`, wrapped as `kind`: for the unknown-value cases, where "nothing read"
 * matters as much as "nothing flagged".
 */
export async function workloadOutcome(
  policy: Policy,
  kind: WorkloadKind,
  mutate: (spec: Record<string, any>) => void,
  config?: Record<string, any>,
): Promise<Outcome> {
  return validate(policy, { type: kind.type, props: kind.wrap(podSpec(mutate)) }, config);
}

/**
 * The cases every workload policy shares: the compliant fixture passes in every kind; an unknown pod
 * spec or pod template makes the resource not inspectable (the SDK's note, naming the unknown path, issue
 * #16); and resources that are not workloads are ignored.
 */
export function sharedWorkloadCases(
  policy: Policy,
  /** `pod`: the policy judges pod-level fields only, so its containers are none of its business. */
  judges: "containers" | "pod" = "containers",
): void {
  for (const kind of KINDS)
    test(`${kind.kind}: the compliant fixture passes`, async () => {
      assert.deepEqual(await workloadViolations(policy, kind, () => {}), []);
    });

  test("an unknown pod spec or pod template is not inspectable (the SDK's note), naming the unknown path", async () => {
    for (const [props, path] of [
      [DEPLOYMENT.wrap(UNKNOWN.object as any), ".spec.template.spec"],
      [{ ...DEPLOYMENT.wrap({}), spec: { template: UNKNOWN.object } }, ".spec.template"],
    ] as const) {
      const outcome = await validate(policy, { type: DEPLOYMENT.type, props });
      assert.deepEqual(outcome, {
        violations: [],
        unknownRead: `string value at ${path} can't be known during preview`,
      });
    }
  });

  // lib/k8s.ts `containersOf` records an unknown list, or an unknown container in one, as an unseen read:
  // what it hides could be what the policy judges.
  test(`an unknown container list, or an unknown container in a list, ${judges === "pod" ? "is not read by a pod-level policy" : "is not inspectable (the SDK's note)"}`, async () => {
    if (judges === "pod") {
      const props = DEPLOYMENT.wrap({
        ...compliantPodSpec(),
        containers: UNKNOWN.array,
        initContainers: [UNKNOWN.object],
      });
      assert.deepEqual(await validate(policy, { type: DEPLOYMENT.type, props }), { violations: [] });
      return;
    }
    const list = DEPLOYMENT.wrap({ ...compliantPodSpec(), containers: UNKNOWN.array });
    assert.deepEqual(await validate(policy, { type: DEPLOYMENT.type, props: list }), {
      violations: [],
      unknownRead: "string value at .spec.template.spec.containers can't be known during preview",
    });
    const entry = DEPLOYMENT.wrap({ ...compliantPodSpec(), initContainers: [UNKNOWN.object] });
    assert.deepEqual(await validate(policy, { type: DEPLOYMENT.type, props: entry }), {
      violations: [],
      unknownRead: "string value at .spec.template.spec.initContainers.0 can't be known during preview",
    });
  });

  test("partial objects (no spec, no containers, wrong shapes) are not flagged", async () => {
    for (const props of [
      {},
      { spec: null },
      DEPLOYMENT.wrap({ ...compliantPodSpec(), containers: "x", initContainers: [null, 1] }),
    ])
      assert.deepEqual(await violations(policy, DEPLOYMENT.type, props), []);
  });

  test("resources that are not workloads are ignored", async () => {
    assert.deepEqual(await violations(policy, "kubernetes:core/v1:ConfigMap", { data: {} }), []);
  });
}

/** Every kind's Server-Side Apply twin (`PodPatch`, `DeploymentPatch`... `CronJobPatch`), same shape. */
export const PATCH_KINDS: readonly WorkloadKind[] = KINDS.map((k) => ({
  kind: `${k.kind}Patch`,
  type: `${k.type}Patch`,
  wrap: k.wrap,
}));

/**
 * A patch writes only what it changes: in every `*Patch` kind, the partial pod spec `flawed` (an explicit
 * insecure value) gives `expected`, and the same patch without it (`quiet`) gives nothing.
 */
export function patchCases(
  policy: Policy,
  flawed: Record<string, any>,
  expected: readonly string[],
  quiet: Record<string, any> = { containers: [{ name: "app", image: IMAGE }] },
): void {
  test("every *Patch kind: an explicit flaw is flagged, a patch that does not write it is not", async () => {
    for (const kind of PATCH_KINDS) {
      assert.deepEqual(
        await violations(policy, kind.type, kind.wrap(structuredClone(flawed))),
        expected,
        kind.type,
      );
      assert.deepEqual(await violations(policy, kind.type, kind.wrap(structuredClone(quiet))), [], kind.type);
    }
  });
}
