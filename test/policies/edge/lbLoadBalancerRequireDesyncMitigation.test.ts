import assert from "node:assert/strict";
import { test } from "node:test";
import { lbLoadBalancerRequireDesyncMitigation as policy } from "../../../policy-pack/policies/edge/lbLoadBalancerRequireDesyncMitigation";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LB = "aws:alb/loadBalancer:LoadBalancer";
const DEFAULT = { allowedModes: ["defensive", "strictest"] };
const PROD = { allowedModes: ["strictest"] };

test("defensive, strictest and unset (defensive) pass with the default config", async () => {
  for (const props of [{ desyncMitigationMode: "defensive" }, { desyncMitigationMode: "strictest" }, {}])
    assert.deepEqual(await violations(policy, LB, props, DEFAULT), [], JSON.stringify(props));
});

test("monitor is flagged; prod's config flags defensive and unset too", async () => {
  assert.deepEqual(await violations(policy, LB, { desyncMitigationMode: "monitor" }, DEFAULT), [
    'Load balancer "subject" desyncMitigationMode is "monitor": set it to "defensive" or "strictest".',
  ]);
  assert.deepEqual(await violations(policy, LB, {}, PROD), [
    'Load balancer "subject" desyncMitigationMode is unset (defensive): set it to "strictest".',
  ]);
  assert.deepEqual(await violations(policy, LB, { desyncMitigationMode: "defensive" }, PROD), [
    'Load balancer "subject" desyncMitigationMode is "defensive": set it to "strictest".',
  ]);
  assert.deepEqual(await violations(policy, LB, { desyncMitigationMode: "strictest" }, PROD), []);
});

test("network load balancers are not judged", async () => {
  assert.deepEqual(
    await violations(policy, LB, { loadBalancerType: "network", desyncMitigationMode: "monitor" }, DEFAULT),
    [],
  );
});

test("an unknown mode is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, { type: LB, props: { desyncMitigationMode: UNKNOWN.string } }, DEFAULT);
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /desyncMitigationMode/);
});

test('an empty mode ("") is not an allowed mode: flagged', async () => {
  assert.deepEqual(await violations(policy, LB, { desyncMitigationMode: "" }, DEFAULT), [
    'Load balancer "subject" desyncMitigationMode is "": set it to "defensive" or "strictest".',
  ]);
});

test("Classic Load Balancers (both type tokens) are judged the same way, with the same default", async () => {
  for (const type of [
    "aws:elb/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancing/loadBalancer:LoadBalancer",
  ]) {
    assert.deepEqual(await violations(policy, type, {}, DEFAULT), [], type);
    assert.deepEqual(await violations(policy, type, { desyncMitigationMode: "monitor" }, DEFAULT), [
      'Load balancer "subject" desyncMitigationMode is "monitor": set it to "defensive" or "strictest".',
    ]);
    // A classic load balancer has no loadBalancerType: a stray one does not exempt it.
    assert.equal(
      (
        await violations(
          policy,
          type,
          { loadBalancerType: "network", desyncMitigationMode: "monitor" },
          DEFAULT,
        )
      ).length,
      1,
    );
  }
});

test("the older ELBv2 aliases are judged", async () => {
  for (const type of [
    "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
  ])
    assert.equal((await violations(policy, type, { desyncMitigationMode: "monitor" }, DEFAULT)).length, 1);
});
