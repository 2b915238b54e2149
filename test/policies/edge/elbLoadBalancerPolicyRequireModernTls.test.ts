import assert from "node:assert/strict";
import { test } from "node:test";
import { elbLoadBalancerPolicyRequireModernTls as policy } from "../../../policy-pack/policies/edge/elbLoadBalancerPolicyRequireModernTls";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LBP = "aws:elb/loadBalancerPolicy:LoadBalancerPolicy";
const LBP_ALIAS = "aws:elasticloadbalancing/loadBalancerPolicy:LoadBalancerPolicy";
const NEG = "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy";
const NEG_ALIAS = "aws:elasticloadbalancing/sslNegotiationPolicy:SslNegotiationPolicy";
const CONFIG = { allowedPolicyPrefixes: ["ELBSecurityPolicy-TLS-1-2-"] };
const ref = (value: string) => [{ name: "Reference-Security-Policy", value }];
const lbPolicy = (policyAttributes: unknown) => ({
  loadBalancerName: "edge",
  policyName: "tls",
  policyTypeName: "SSLNegotiationPolicyType",
  policyAttributes,
});
const outdated = (value: string) =>
  `Load balancer SSL policy "subject" references "${value}", which allows TLS older than 1.2: set Reference-Security-Policy to "ELBSecurityPolicy-TLS-1-2-2017-01".`;

test("a reference to ELBSecurityPolicy-TLS-1-2-2017-01 (or a newer TLS 1.2 policy) passes, all four type tokens", async () => {
  for (const type of [LBP, LBP_ALIAS])
    assert.deepEqual(
      await violations(policy, type, lbPolicy(ref("ELBSecurityPolicy-TLS-1-2-2017-01")), CONFIG),
      [],
    );
  for (const type of [NEG, NEG_ALIAS])
    assert.deepEqual(
      await violations(
        policy,
        type,
        { loadBalancer: "edge", lbPort: 443, attributes: ref("ELBSecurityPolicy-TLS-1-2-Ext-2018-06") },
        CONFIG,
      ),
      [],
    );
});

test("an outdated reference (2016-08, TLS-1-1, 2015-05) is flagged", async () => {
  for (const value of [
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS-1-1-2017-01",
    "ELBSecurityPolicy-2015-05",
  ])
    assert.deepEqual(await violations(policy, LBP, lbPolicy(ref(value)), CONFIG), [outdated(value)], value);
  assert.deepEqual(
    await violations(policy, NEG_ALIAS, { attributes: ref("ELBSecurityPolicy-2016-08") }, CONFIG),
    [outdated("ELBSecurityPolicy-2016-08")],
  );
});

test("custom policies enabling SSLv3, TLSv1 or TLSv1.1 are flagged; set to false they pass", async () => {
  assert.deepEqual(
    await violations(
      policy,
      LBP,
      lbPolicy([
        { name: "Protocol-TLSv1.2", value: "true" },
        { name: "Protocol-SSLv3", value: "true" },
        { name: "Protocol-TLSv1", value: "TRUE" },
        { name: "Protocol-TLSv1.1", value: "false" },
        { name: "ECDHE-RSA-AES128-GCM-SHA256", value: "true" },
      ]),
      CONFIG,
    ),
    [
      'Load balancer SSL policy "subject" enables Protocol-SSLv3: remove it (or set it to "false").',
      'Load balancer SSL policy "subject" enables Protocol-TLSv1: remove it (or set it to "false").',
    ],
  );
});

test("policies of other types (proxy protocol, stickiness) are not judged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      LBP,
      {
        policyTypeName: "ProxyProtocolPolicyType",
        policyAttributes: [{ name: "ProxyProtocol", value: "true" }],
      },
      CONFIG,
    ),
    [],
  );
});

test('an empty Reference-Security-Policy ("") matches no allowed prefix: flagged', async () => {
  assert.deepEqual(await violations(policy, LBP, lbPolicy(ref("")), CONFIG), [outdated("")]);
});

test("no attributes at all names no protocol and is not judged here", async () => {
  assert.deepEqual(await violations(policy, NEG, { loadBalancer: "edge", lbPort: 443 }, CONFIG), []);
});

test("an unknown attribute value is the SDK's advisory note during preview", async () => {
  const out = await validate(
    policy,
    { type: LBP, props: lbPolicy([{ name: "Reference-Security-Policy", value: UNKNOWN.string }]) },
    CONFIG,
  );
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /value/);
  const typeUnknown = await validate(
    policy,
    { type: LBP, props: { policyTypeName: UNKNOWN.string } },
    CONFIG,
  );
  assert.match(typeUnknown.unknownRead ?? "", /policyTypeName/);
});
