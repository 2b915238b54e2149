import assert from "node:assert/strict";
import { test } from "node:test";
import { meshRequireStrictMtls as meshMtls } from "../../../policy-pack/policies/mesh/meshRequireStrictMtls";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { AP, obj, PA } from "./meshFixtures";

const rootPa = (mode: unknown, namespace: unknown = "istio-system") => ({
  type: PA,
  name: "mesh-default",
  props: obj("PeerAuthentication", namespace, mode === undefined ? {} : { mtls: { mode } }),
});
const anyIstio = { type: AP, name: "deny", props: obj("AuthorizationPolicy", "inference", {}) };

test("mesh: a root-namespace STRICT PeerAuthentication passes; stacks without Istio are not checked", async () => {
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa("STRICT")]), []);
  assert.deepEqual(await validateStack(meshMtls, [{ type: "kubernetes:core/v1:Namespace", props: {} }]), []);
});

test("mesh: Istio without a mesh-wide STRICT policy is flagged, whether found by CRs or by the istiod chart", async () => {
  const missing =
    "The stack runs Istio but declares no mesh-wide PeerAuthentication: add one in istio-system with no selector " +
    "and spec.mtls.mode: STRICT.";
  assert.deepEqual(await validateStack(meshMtls, [anyIstio]), [{ message: missing, urn: undefined }]);
  assert.deepEqual(
    await validateStack(meshMtls, [
      { type: "kubernetes:helm.sh/v3:Release", props: { chart: "istiod", version: "1.24.2" } },
    ]),
    [{ message: missing, urn: undefined }],
  );
  // STRICT in a non-root namespace, or with a selector in the root namespace, is not mesh-wide.
  const scoped = {
    ...rootPa("STRICT"),
    props: obj("PeerAuthentication", "istio-system", {
      selector: { matchLabels: { app: "x" } },
      mtls: { mode: "STRICT" },
    }),
  };
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa("STRICT", "inference"), scoped]), [
    { message: missing, urn: undefined },
  ]);
});

test("mesh: a root policy with mode unset (PERMISSIVE at mesh level) is flagged on that policy", async () => {
  assert.deepEqual(await validateStack(meshMtls, [rootPa(undefined)]), [
    {
      message:
        "The mesh-wide PeerAuthentication in istio-system does not set mtls.mode STRICT (unset means PERMISSIVE at " +
        "mesh level): set spec.mtls.mode: STRICT.",
      urn: `urn:pulumi:test::rampart::${PA}::mesh-default`,
    },
  ]);
});

test("mesh: rootNamespace is configurable; unknown namespaces or modes are not flagged", async () => {
  assert.deepEqual(
    await validateStack(meshMtls, [rootPa("STRICT", "mesh-root")], { rootNamespace: "mesh-root" }),
    [],
  );
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa("STRICT", UNKNOWN.string)]), []);
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa(UNKNOWN.string)]), []);
});

test("mesh: an unknown chart name alone does not count as Istio (nothing to check)", async () => {
  assert.deepEqual(
    await validateStack(meshMtls, [
      { type: "kubernetes:helm.sh/v3:Release", props: { chart: UNKNOWN.string } },
    ]),
    [],
  );
});

test('mesh: a root policy with an empty mode ("") is not STRICT: flagged on that policy', async () => {
  assert.deepEqual(await validateStack(meshMtls, [rootPa("")]), [
    {
      message:
        "The mesh-wide PeerAuthentication in istio-system does not set mtls.mode STRICT (unset means PERMISSIVE at " +
        "mesh level): set spec.mtls.mode: STRICT.",
      urn: `urn:pulumi:test::rampart::${PA}::mesh-default`,
    },
  ]);
});

test("mesh: a second, weaker mesh-wide policy beside a STRICT one is flagged (Istio keeps only the oldest)", async () => {
  const weak = { ...rootPa("PERMISSIVE"), name: "mesh-permissive" };
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa("STRICT"), weak]), [
    {
      message:
        "Two mesh-wide PeerAuthentications in istio-system, one not STRICT: Istio applies only the oldest, so mTLS " +
        "may be PERMISSIVE mesh-wide; keep a single one with spec.mtls.mode: STRICT.",
      urn: `urn:pulumi:test::rampart::${PA}::mesh-permissive`,
    },
  ]);
});

test("mesh: an IstioOperator counts as installing Istio", async () => {
  assert.equal(
    (
      await validateStack(meshMtls, [
        {
          type: "kubernetes:install.istio.io/v1alpha1:IstioOperator",
          props: { spec: { profile: "default" } },
        },
      ])
    ).length,
    1,
  );
});
