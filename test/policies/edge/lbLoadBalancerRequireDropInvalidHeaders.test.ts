import assert from "node:assert/strict";
import { test } from "node:test";
import { lbLoadBalancerRequireDropInvalidHeaders as policy } from "../../../policy-pack/policies/edge/lbLoadBalancerRequireDropInvalidHeaders";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const flagged = [
  'Load balancer "subject" does not drop invalid header fields: set dropInvalidHeaderFields: true.',
];

test("an ALB that drops invalid header fields passes, under both type tokens", async () => {
  for (const t of [LB, "aws:alb/loadBalancer:LoadBalancer"])
    assert.deepEqual(await violations(policy, t, { dropInvalidHeaderFields: true }), []);
});

test('unset, false and the string "true" are flagged; the type defaults to application', async () => {
  assert.deepEqual(await violations(policy, LB, {}), flagged);
  assert.deepEqual(
    await violations(policy, LB, { loadBalancerType: "application", dropInvalidHeaderFields: false }),
    flagged,
  );
  assert.deepEqual(await violations(policy, LB, { dropInvalidHeaderFields: "true" }), flagged);
});

test("network and gateway load balancers have no such attribute: not judged", async () => {
  assert.deepEqual(await violations(policy, LB, { loadBalancerType: "network" }), []);
  assert.deepEqual(await violations(policy, LB, { loadBalancerType: "gateway" }), []);
});

test("an unknown flag is the SDK's advisory note during preview, not a pass", async () => {
  assert.deepEqual(
    await validate(policy, { type: LB, props: { dropInvalidHeaderFields: UNKNOWN.boolean } }),
    {
      violations: [],
      unknownRead: "boolean value at .dropInvalidHeaderFields can't be known during preview",
    },
  );
});

test('an empty loadBalancerType ("") is not application: not judged', async () => {
  assert.deepEqual(await violations(policy, LB, { loadBalancerType: "" }), []);
});

test("the older aliases are judged too", async () => {
  for (const type of [
    "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
  ]) {
    assert.equal((await violations(policy, type, {})).length, 1, type);
    assert.deepEqual(await violations(policy, type, { dropInvalidHeaderFields: true }), [], type);
  }
});
