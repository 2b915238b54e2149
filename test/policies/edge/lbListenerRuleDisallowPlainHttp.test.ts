import assert from "node:assert/strict";
import { test } from "node:test";
import { lbListenerRuleDisallowPlainHttp as policy } from "../../../policy-pack/policies/edge/lbListenerRuleDisallowPlainHttp";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const forward = { type: "forward", targetGroupArn: "arn:tg" };
const http = () =>
  res(LISTENER, "http", { arn: "arn:http", protocol: "HTTP", port: 80, defaultActions: [redirect] });
const https = () =>
  res(LISTENER, "https", { arn: "arn:https", protocol: "HTTPS", port: 443, defaultActions: [forward] });
const rule = (listenerArn: unknown, actions: unknown) =>
  res(RULE, "api", {
    listenerArn,
    priority: 10,
    actions,
    conditions: [{ pathPattern: { values: ["/v1/*"] } }],
  });
const flagged = (r: { urn: string }) => [
  {
    urn: r.urn,
    message:
      'Listener rule "api" on a plain-HTTP listener does not redirect to HTTPS: attach it to the HTTPS listener, or make its action a redirect with protocol "HTTPS".',
  },
];

test("rules on the HTTPS listener, and redirecting rules on the HTTP listener, pass", async () => {
  assert.deepEqual(await validateStack(policy, [http(), https(), rule("arn:https", [forward])]), []);
  assert.deepEqual(await validateStack(policy, [http(), rule("arn:http", [redirect])]), []);
});

test("a forward or fixed-response rule on the HTTP listener is flagged (by ARN, by dependency, protocol unset)", async () => {
  const r1 = rule("arn:http", [forward]);
  assert.deepEqual(await validateStack(policy, [http(), r1]), flagged(r1));
  const l = res("aws:alb/listener:Listener", "plain", { port: 80 });
  const r2 = res(
    "aws:alb/listenerRule:ListenerRule",
    "api",
    { listenerArn: "x", actions: [{ type: "fixed-response" }] },
    [l],
  );
  assert.deepEqual(await validateStack(policy, [l, r2]), flagged(r2));
});

test("a rule whose listener or actions are unknown is not judged", async () => {
  assert.deepEqual(await validateStack(policy, [http(), rule(UNKNOWN.string, [forward])]), []);
  assert.deepEqual(await validateStack(policy, [http(), rule("arn:http", UNKNOWN.array)]), []);
  assert.deepEqual(
    await validateStack(policy, [
      res(LISTENER, "l", { arn: "arn:http", protocol: UNKNOWN.string }),
      rule("arn:http", [forward]),
    ]),
    [],
  );
});

test('a redirect with protocol "" is not to HTTPS: flagged', async () => {
  const r = rule("arn:http", [{ type: "redirect", redirect: { protocol: "" } }]);
  assert.deepEqual(await validateStack(policy, [http(), r]), flagged(r));
});

test("the older aliases (aws:applicationloadbalancing, aws:elasticloadbalancingv2) are judged too", async () => {
  const l = res("aws:elasticloadbalancingv2/listener:Listener", "http", {
    arn: "arn:v2",
    protocol: "",
    defaultActions: [redirect],
  });
  const r = res("aws:applicationloadbalancing/listenerRule:ListenerRule", "api", {
    listenerArn: "arn:v2",
    actions: [forward],
  });
  assert.deepEqual(await validateStack(policy, [l, r]), flagged(r));
});
