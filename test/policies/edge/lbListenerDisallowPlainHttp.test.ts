import assert from "node:assert/strict";
import { test } from "node:test";
import { lbListenerDisallowPlainHttp as policy } from "../../../policy-pack/policies/edge/lbListenerDisallowPlainHttp";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LB = "aws:lb/listener:Listener";
const ALB = "aws:alb/listener:Listener";
const MSG =
  'Listener serves plain HTTP: use protocol "HTTPS", or make its default action a redirect to HTTPS.';
const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };

test("HTTPS listeners, and HTTP listeners that redirect to HTTPS, pass (both types)", async () => {
  for (const type of [LB, ALB]) {
    assert.deepEqual(
      await violations(policy, type, {
        loadBalancerArn: "arn:lb",
        port: 443,
        protocol: "HTTPS",
        defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
      }),
      [],
    );
    assert.deepEqual(
      await violations(policy, type, {
        loadBalancerArn: "arn:lb",
        port: 80,
        protocol: "HTTP",
        defaultActions: [redirect],
      }),
      [],
    );
  }
});

test("an HTTP listener forwarding traffic is flagged (both types)", async () => {
  for (const type of [LB, ALB])
    assert.deepEqual(
      await violations(policy, type, {
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
      }),
      [MSG],
    );
});

test("protocol unset (HTTP on an ALB) is flagged", async () => {
  assert.deepEqual(
    await violations(policy, LB, {
      port: 80,
      defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
    }),
    [MSG],
  );
});

test("a redirect to plain HTTP is flagged; TCP listeners are not judged", async () => {
  assert.deepEqual(
    await violations(policy, LB, {
      protocol: "HTTP",
      defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", statusCode: "HTTP_301" } }],
    }),
    [MSG],
  );
  assert.deepEqual(
    await violations(policy, LB, { protocol: "TCP", port: 5432, defaultActions: [{ type: "forward" }] }),
    [],
  );
});

test("an unknown protocol is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:lb/listener:Listener",
      props: { protocol: UNKNOWN.string, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] },
    }),
    { violations: [], unknownRead: "string value at .protocol can't be known during preview" },
  );
});

test('an empty protocol ("") is read as unset, which is HTTP on an ALB listener: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:lb/listener:Listener",
      props: { protocol: "", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] },
    }),
    { violations: [MSG] },
  );
});

test("every alias of the listener type is judged (aws:applicationloadbalancing, aws:elasticloadbalancingv2)", async () => {
  for (const type of [
    "aws:applicationloadbalancing/listener:Listener",
    "aws:elasticloadbalancingv2/listener:Listener",
  ]) {
    assert.deepEqual(
      await violations(policy, type, { protocol: "HTTP", defaultActions: [{ type: "forward" }] }),
      [MSG],
      type,
    );
    assert.deepEqual(
      await violations(policy, type, { protocol: "HTTP", defaultActions: [redirect] }),
      [],
      type,
    );
  }
});

test("no defaultActions at all on an HTTP listener is flagged (nothing redirects)", async () => {
  assert.deepEqual(await violations(policy, LB, { protocol: "HTTP" }), [MSG]);
});
