import assert from "node:assert/strict";
import { test } from "node:test";
import { peerAuthenticationRequireStrictMtls as pa } from "../../../policy-pack/policies/mesh/peerAuthenticationRequireStrictMtls";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { PEER_AUTHENTICATION_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { obj, PA } from "./meshFixtures";
test("PeerAuthentication: STRICT and UNSET (inherit) pass", async () => {
  assert.deepEqual(
    await violations(pa, PA, obj("PeerAuthentication", "inference", { mtls: { mode: "STRICT" } })),
    [],
  );
  assert.deepEqual(
    await violations(pa, PA, obj("PeerAuthentication", "inference", { mtls: { mode: "UNSET" } })),
    [],
  );
});

test("PeerAuthentication: PERMISSIVE and DISABLE are flagged, at the top and per port, in v1 and v1beta1", async () => {
  for (const t of [PA, "kubernetes:security.istio.io/v1beta1:PeerAuthentication"])
    assert.deepEqual(
      await violations(
        pa,
        t,
        obj("PeerAuthentication", "inference", {
          selector: { matchLabels: { app: "vllm" } },
          mtls: { mode: "PERMISSIVE" },
          portLevelMtls: { "8080": { mode: "DISABLE" }, "9090": { mode: "STRICT" } },
        }),
      ),
      [
        "PeerAuthentication sets mtls.mode PERMISSIVE: set it to STRICT (or UNSET to inherit STRICT).",
        "PeerAuthentication sets portLevelMtls 8080 mode DISABLE: set it to STRICT.",
      ],
    );
});

test("PeerAuthentication: unknown modes are not inspectable (the SDK's note)", async () => {
  assert.deepEqual(
    await validate(pa, {
      type: PA,
      props: obj("PeerAuthentication", "x", {
        mtls: { mode: UNKNOWN.string },
        portLevelMtls: UNKNOWN.object,
      }),
    }),
    { violations: [], unknownRead: "string value at .spec.mtls.mode can't be known during preview" },
  );
});

test("PeerAuthentication: an unknown top-level mode does not hide a PERMISSIVE port", async () => {
  assert.deepEqual(
    await validate(pa, {
      type: PA,
      props: obj("PeerAuthentication", "x", {
        mtls: { mode: UNKNOWN.string },
        portLevelMtls: { "8080": { mode: "PERMISSIVE" } },
      }),
    }),
    { violations: ["PeerAuthentication sets portLevelMtls 8080 mode PERMISSIVE: set it to STRICT."] },
  );
});

test('PeerAuthentication: an empty mode ("") is not PERMISSIVE or DISABLE: passes (it inherits, like UNSET)', async () => {
  assert.deepEqual(
    await violations(
      pa,
      PA,
      obj("PeerAuthentication", "inference", { mtls: { mode: "" }, portLevelMtls: { "80": { mode: "" } } }),
    ),
    [],
  );
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = obj("PeerAuthentication", "inference", { mtls: { mode: "PERMISSIVE" } });
  const want = await violations(pa, PA, insecure);
  assert.ok(want.length > 0);
  for (const t of PEER_AUTHENTICATION_TYPES) assert.deepEqual(await violations(pa, t, insecure), want, t);
});
