import assert from "node:assert/strict";
import { test } from "node:test";
import { lbTargetGroupRequireHttps as policy } from "../../../policy-pack/policies/edge/lbTargetGroupRequireHttps";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TG = "aws:lb/targetGroup:TargetGroup";
const http = [
  'Target group "subject" forwards over plain HTTP: set protocol: "HTTPS" (the targets serve TLS).',
];

test("HTTPS target groups pass (the gateway's node port), and an HTTP health check is not the traffic", async () => {
  assert.deepEqual(
    await violations(policy, TG, {
      protocol: "HTTPS",
      port: 30443,
      healthCheck: { protocol: "HTTP", port: "30021" },
    }),
    [],
  );
});

test("HTTP target groups are flagged, in any case and under both type tokens", async () => {
  assert.deepEqual(await violations(policy, TG, { protocol: "HTTP", port: 8080 }), http);
  assert.deepEqual(await violations(policy, "aws:alb/targetGroup:TargetGroup", { protocol: "http" }), http);
});

test("Lambda and network (TCP/TLS) target groups are not judged", async () => {
  assert.deepEqual(await violations(policy, TG, { targetType: "lambda" }), []);
  assert.deepEqual(await violations(policy, TG, { protocol: "TCP" }), []);
});

test("an unknown protocol is the SDK's advisory note during preview", async () => {
  const out = await validate(policy, { type: TG, props: { protocol: UNKNOWN.string } });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /protocol/);
});

test('an empty protocol ("") is not HTTP: not flagged (AWS rejects it)', async () => {
  assert.deepEqual(await violations(policy, TG, { protocol: "" }), []);
});

test("every alias of the target group type is judged", async () => {
  for (const type of [
    "aws:alb/targetGroup:TargetGroup",
    "aws:applicationloadbalancing/targetGroup:TargetGroup",
    "aws:elasticloadbalancingv2/targetGroup:TargetGroup",
  ]) {
    assert.equal((await violations(policy, type, { protocol: "HTTP" })).length, 1, type);
    assert.deepEqual(await violations(policy, type, { protocol: "HTTPS" }), [], type);
  }
});
