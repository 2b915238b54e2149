import assert from "node:assert/strict";
import { test } from "node:test";
import { lbLoadBalancerRequireAccessLogs as policy } from "../../../policy-pack/policies/edge/lbLoadBalancerRequireAccessLogs";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const off = [
  'Load balancer "subject" has access logs off: set accessLogs: { enabled: true, bucket: <log bucket> }.',
];

test("an ALB logging to a bucket passes", async () => {
  assert.deepEqual(
    await violations(policy, LB, { accessLogs: { enabled: true, bucket: "lb-logs", prefix: "edge" } }),
    [],
  );
});

test("no accessLogs block, enabled false or unset (the provider's default is false) are flagged", async () => {
  assert.deepEqual(await violations(policy, LB, {}), off);
  assert.deepEqual(await violations(policy, LB, { accessLogs: { enabled: false, bucket: "lb-logs" } }), off);
  assert.deepEqual(await violations(policy, LB, { accessLogs: { bucket: "lb-logs" } }), off);
});

test('enabled with an empty bucket ("") or none is flagged', async () => {
  const noBucket = ['Load balancer "subject" enables access logs without a bucket: set accessLogs.bucket.'];
  assert.deepEqual(await violations(policy, LB, { accessLogs: { enabled: true, bucket: "" } }), noBucket);
  assert.deepEqual(await violations(policy, LB, { accessLogs: { enabled: true } }), noBucket);
});

test("network load balancers are not judged", async () => {
  assert.deepEqual(await violations(policy, LB, { loadBalancerType: "network" }), []);
});

test("an unknown bucket (an output of the bucket resource) is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, {
    type: LB,
    props: { accessLogs: { enabled: true, bucket: UNKNOWN.string } },
  });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /bucket/);
});
