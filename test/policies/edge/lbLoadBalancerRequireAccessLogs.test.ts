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

const CLASSIC = "aws:elb/loadBalancer:LoadBalancer";
const CLASSIC_ALIAS = "aws:elasticloadbalancing/loadBalancer:LoadBalancer";

test("every ELBv2 alias is judged (aws:alb, aws:applicationloadbalancing, aws:elasticloadbalancingv2)", async () => {
  for (const type of [
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
  ]) {
    assert.deepEqual(await violations(policy, type, {}), off, type);
    assert.deepEqual(
      await violations(policy, type, { accessLogs: { enabled: true, bucket: "b" } }),
      [],
      type,
    );
  }
});

test("a Classic Load Balancer logs when its accessLogs block is present (enabled defaults to true there)", async () => {
  for (const type of [CLASSIC, CLASSIC_ALIAS]) {
    assert.deepEqual(
      await violations(policy, type, { accessLogs: { bucket: "lb-logs", interval: 5 } }),
      [],
      type,
    );
    assert.deepEqual(
      await violations(policy, type, { accessLogs: { enabled: true, bucket: "lb-logs" } }),
      [],
    );
  }
});

test("a Classic Load Balancer without accessLogs, with enabled false, or with an empty bucket is flagged", async () => {
  assert.deepEqual(await violations(policy, CLASSIC, { listeners: [] }), off);
  assert.deepEqual(
    await violations(policy, CLASSIC_ALIAS, { accessLogs: { enabled: false, bucket: "b" } }),
    off,
  );
  assert.deepEqual(await violations(policy, CLASSIC, { accessLogs: { bucket: "" } }), [
    'Load balancer "subject" enables access logs without a bucket: set accessLogs.bucket.',
  ]);
});

test("an unknown accessLogs block on a Classic Load Balancer is the SDK's advisory note", async () => {
  const out = await validate(policy, { type: CLASSIC, props: { accessLogs: UNKNOWN.object } });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /accessLogs/);
});
