import assert from "node:assert/strict";
import { test } from "node:test";
import { lbLoadBalancerRequireDeletionProtection as policy } from "../../../policy-pack/policies/edge/lbLoadBalancerRequireDeletionProtection";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const off = ['Load balancer "subject" has deletion protection off: set enableDeletionProtection: true.'];

test("deletion protection on passes, for every load balancer type", async () => {
  for (const loadBalancerType of ["application", "network", "gateway"])
    assert.deepEqual(await violations(policy, LB, { loadBalancerType, enableDeletionProtection: true }), []);
});

test("unset and false are flagged, the policy is advisory by default", async () => {
  assert.equal(policy.enforcementLevel, "advisory");
  assert.deepEqual(await violations(policy, LB, {}), off);
  assert.deepEqual(
    await violations(policy, "aws:alb/loadBalancer:LoadBalancer", { enableDeletionProtection: false }),
    off,
  );
});

test("an unknown flag is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, { type: LB, props: { enableDeletionProtection: UNKNOWN.boolean } });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /enableDeletionProtection/);
});

test('an empty string ("") is not true: flagged', async () => {
  assert.deepEqual(await violations(policy, LB, { enableDeletionProtection: "" }), off);
});

test("every alias of the load balancer type is judged; Classic Load Balancers (no such setting) are not", async () => {
  for (const type of [
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
  ]) {
    assert.deepEqual(await violations(policy, type, {}), off, type);
    assert.deepEqual(await violations(policy, type, { enableDeletionProtection: true }), [], type);
  }
  assert.deepEqual(await violations(policy, "aws:elb/loadBalancer:LoadBalancer", {}), []);
});
