import assert from "node:assert/strict";
import { test } from "node:test";
import { addEphemeral, KINDS, podSpec } from "./workloadFixtures";

// The compliant fixtures must be real Kubernetes objects, or the policies' "passes" tests prove nothing.
const MODELS: Record<string, () => Promise<any>> = {
  Pod: async () => (await import("kubernetes-models/v1/Pod")).Pod,
  PodTemplate: async () => (await import("kubernetes-models/v1/PodTemplate")).PodTemplate,
  ReplicationController: async () =>
    (await import("kubernetes-models/v1/ReplicationController")).ReplicationController,
  Deployment: async () => (await import("kubernetes-models/apps/v1/Deployment")).Deployment,
  StatefulSet: async () => (await import("kubernetes-models/apps/v1/StatefulSet")).StatefulSet,
  DaemonSet: async () => (await import("kubernetes-models/apps/v1/DaemonSet")).DaemonSet,
  ReplicaSet: async () => (await import("kubernetes-models/apps/v1/ReplicaSet")).ReplicaSet,
  Job: async () => (await import("kubernetes-models/batch/v1/Job")).Job,
  CronJob: async () => (await import("kubernetes-models/batch/v1/CronJob")).CronJob,
};

for (const kind of KINDS)
  test(`the compliant ${kind.kind} fixture is valid against the Kubernetes schema`, async () => {
    const Model = await (MODELS[kind.kind] as () => Promise<any>)();
    assert.doesNotThrow(() => new Model(kind.wrap(podSpec())).validate());
    assert.doesNotThrow(() => new Model(kind.wrap(podSpec((s) => addEphemeral(s)))).validate());
  });
