import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadRequireInferenceImageFromRegistry as p } from "../../../policy-pack/policies/k8s-workloads/workloadRequireInferenceImageFromRegistry";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { CP, HOST, ours } from "../kyverno/kyvernoFixtures";

const DIGEST = `sha256:${"a".repeat(64)}`;
const OURS = `${HOST}/rampart-prod/vllm@${DIGEST}`;
const pod = (spec: Record<string, unknown>) => ({ containers: [{ name: "app", image: OURS }], ...spec });
const deployment = (spec: Record<string, unknown> = {}, namespace: unknown = "inference") => ({
  type: "kubernetes:apps/v1:Deployment",
  name: "llm",
  props: { metadata: { name: "llm", namespace }, spec: { template: { spec: pod(spec) } } },
});
const policy = { type: CP, name: "sc-kyverno-policy", props: ours() };
const msgs = async (...rs: { type: string; name: string; props: Record<string, unknown> }[]) =>
  (await validateStack(p, rs)).map((v) => v.message);

test("our images by digest pass; without a Kyverno image policy nothing is judged; other namespaces neither", async () => {
  assert.deepEqual(await msgs(policy, deployment()), []);
  assert.deepEqual(await msgs(deployment({ containers: [{ name: "app", image: "nginx" }] })), []);
  assert.deepEqual(
    await msgs(policy, deployment({ containers: [{ name: "app", image: "nginx" }] }, "default")),
    [],
  );
});

test("an image from another registry, in any container list, is flagged", async () => {
  assert.deepEqual(
    await msgs(
      policy,
      deployment({ initContainers: [{ name: "fetch", image: `public.ecr.aws/aws-cli/aws-cli@${DIGEST}` }] }),
    ),
    [
      `Deployment "llm" in inference: Init container "fetch" uses "public.ecr.aws/aws-cli/aws-cli@${DIGEST}", which is not from ${HOST}/rampart-prod/* (admitted there by Kyverno): push it to our registry and use it by digest.`,
    ],
  );
  assert.equal(
    (await msgs(policy, deployment({ ephemeralContainers: [{ name: "dbg", image: "busybox" }] }))).length,
    1,
  );
});

test("our image by tag is flagged, for every pod-template kind", async () => {
  const tagged = `${HOST}/rampart-prod/vllm:v1`;
  assert.deepEqual(await msgs(policy, deployment({ containers: [{ name: "app", image: tagged }] })), [
    `Deployment "llm" in inference: Container "app" uses "${tagged}" without a digest: pin it (image@sha256:...).`,
  ]);
  const cron = {
    type: "kubernetes:batch/v1:CronJob",
    name: "job",
    props: {
      metadata: { namespace: "inference" },
      spec: { jobTemplate: { spec: { template: { spec: pod({ containers: [{ image: tagged }] }) } } } },
    },
  };
  assert.equal((await msgs(policy, cron)).length, 1);
});

test("unknown images are not judged; an empty image is not ours", async () => {
  assert.deepEqual(
    await msgs(policy, deployment({ containers: [{ name: "app", image: UNKNOWN.string }] })),
    [],
  );
  assert.equal((await msgs(policy, deployment({ containers: [{ name: "app", image: "" }] }))).length, 1);
});
