import assert from "node:assert/strict";
import { test } from "node:test";
import { guardDutyAgentTolerationPatch } from "../../components/observability/siemPipeline.detection.logic";
import type { CapturedResource } from "../helpers/harness";
import { validateKubernetesObject } from "./kubernetesSchemas";

/** A server-side-apply patch is validated as its kind, with only the owner's required fields allowed absent. */
const patchOf = (inputs: Record<string, unknown>) =>
  ({ type: "kubernetes:apps/v1:DaemonSetPatch", name: "agent", inputs }) as unknown as CapturedResource;
const agent = {
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  ...guardDutyAgentTolerationPatch([{ key: "nvidia.com/gpu", effect: "NoSchedule" }]),
};

test("the GuardDuty agent's toleration patch is a valid partial DaemonSet", async () => {
  assert.equal(await validateKubernetesObject(patchOf(agent)), undefined);
});

test("a patch's own fields are still checked: a bad toleration fails", async () => {
  const bad = { ...agent, spec: { template: { spec: { tolerations: [{ key: "k", operator: "Maybe" }] } } } };
  assert.equal(
    await validateKubernetesObject(patchOf(bad)),
    "kubernetes:apps/v1:DaemonSetPatch agent: data/spec/template/spec/tolerations/0/operator must be equal to one of the allowed values",
  );
});
