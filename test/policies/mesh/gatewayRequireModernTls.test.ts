import assert from "node:assert/strict";
import { test } from "node:test";
import { gatewayRequireModernTls as policy } from "../../../policy-pack/policies/mesh/gatewayRequireModernTls";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { GATEWAY_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { gateway, GW, httpsServer } from "./meshFixtures";

const tls = (t: Record<string, any>) => httpsServer({ tls: { mode: "SIMPLE", credentialName: "c", ...t } });

test("TLS 1.2/1.3, TLS_AUTO and unset minimum (TLS 1.2 for gateways) pass", async () => {
  assert.deepEqual(
    await violations(
      policy,
      GW,
      gateway([
        httpsServer(),
        tls({ minProtocolVersion: "TLSV1_3" }),
        tls({ minProtocolVersion: "TLS_AUTO", maxProtocolVersion: "TLSV1_3" }),
        tls({}),
      ]),
    ),
    [],
  );
});

test("a TLS 1.0/1.1 minimum, or a maximum capped at 1.0/1.1, is flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      GW,
      gateway([
        tls({ minProtocolVersion: "TLSV1_0" }),
        tls({ minProtocolVersion: "TLSV1_2", maxProtocolVersion: "TLSV1_1" }),
      ]),
    ),
    [
      'Gateway server "https" sets tls.minProtocolVersion TLSV1_0: use TLSV1_2 or TLSV1_3 (or leave min unset: TLS 1.2).',
      'Gateway server "https" sets tls.maxProtocolVersion TLSV1_1: use TLSV1_2 or TLSV1_3 (or leave min unset: TLS 1.2).',
    ],
  );
});

test("unknown versions are silent and do not hide an old version on another server", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: GW,
      props: gateway([tls({ minProtocolVersion: UNKNOWN.string }), tls({ minProtocolVersion: "TLSV1_1" })]),
    }),
    {
      violations: [
        'Gateway server "https" sets tls.minProtocolVersion TLSV1_1: use TLSV1_2 or TLSV1_3 (or leave min unset: TLS 1.2).',
      ],
    },
  );
});

test('an empty version ("") is not an old version: passes (Istio rejects it)', async () => {
  assert.deepEqual(await violations(policy, GW, gateway([tls({ minProtocolVersion: "" })])), []);
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = gateway([tls({ minProtocolVersion: "TLSV1_0" })]);
  const want = await violations(policy, GW, insecure);
  assert.ok(want.length > 0);
  for (const t of GATEWAY_TYPES) assert.deepEqual(await violations(policy, t, insecure), want, t);
});
