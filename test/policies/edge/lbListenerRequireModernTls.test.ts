import assert from "node:assert/strict";
import { test } from "node:test";
import { lbListenerRequireModernTls as policy } from "../../../policy-pack/policies/edge/lbListenerRequireModernTls";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LB = "aws:lb/listener:Listener";

test("TLS 1.2+ policies pass (TLS13-1-2, TLS13-1-3, FS-1-2, TLS-1-2 families), on HTTPS and TLS listeners", async () => {
  for (const sslPolicy of [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
  ])
    assert.deepEqual(await violations(policy, LB, { protocol: "HTTPS", sslPolicy }), [], sslPolicy);
  assert.deepEqual(
    await violations(policy, "aws:alb/listener:Listener", {
      protocol: "TLS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    }),
    [],
  );
});

test("an old policy (TLS 1.0) is flagged", async () => {
  assert.deepEqual(
    await violations(policy, LB, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" }),
    [
      'Listener sslPolicy is "ELBSecurityPolicy-2016-08", which allows TLS older than 1.2: use "ELBSecurityPolicy-TLS13-1-2-2021-06".',
    ],
  );
  assert.equal(
    (await violations(policy, LB, { protocol: "TLS", sslPolicy: "ELBSecurityPolicy-TLS13-1-1-2021-06" }))
      .length,
    1,
  );
});

test("sslPolicy unset on HTTPS is flagged (the API default is ELBSecurityPolicy-2016-08)", async () => {
  assert.deepEqual(await violations(policy, LB, { protocol: "HTTPS" }), [
    'Listener sslPolicy is unset (defaults to "ELBSecurityPolicy-2016-08"), which allows TLS older than 1.2: use "ELBSecurityPolicy-TLS13-1-2-2021-06".',
  ]);
});

test("HTTP listeners are not judged here", async () => {
  assert.deepEqual(await violations(policy, LB, { protocol: "HTTP" }), []);
});

test("an unknown sslPolicy on an HTTPS listener is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:lb/listener:Listener",
      props: { protocol: "HTTPS", sslPolicy: UNKNOWN.string },
    }),
    { violations: [], unknownRead: "string value at .sslPolicy can't be known during preview" },
  );
});

test('an empty sslPolicy ("") matches no allowed prefix: flagged', async () => {
  assert.deepEqual(
    await validate(policy, { type: "aws:lb/listener:Listener", props: { protocol: "HTTPS", sslPolicy: "" } }),
    {
      violations: [
        'Listener sslPolicy is "", which allows TLS older than 1.2: use "ELBSecurityPolicy-TLS13-1-2-2021-06".',
      ],
    },
  );
});

test("every alias of the listener type is judged", async () => {
  for (const type of [
    "aws:alb/listener:Listener",
    "aws:applicationloadbalancing/listener:Listener",
    "aws:elasticloadbalancingv2/listener:Listener",
  ]) {
    assert.equal((await violations(policy, type, { protocol: "HTTPS" })).length, 1, type);
    assert.deepEqual(
      await violations(policy, type, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }),
      [],
      type,
    );
  }
});
