import assert from "node:assert/strict";
import { test } from "node:test";
import { istiodRequireCni as policy } from "../../../policy-pack/policies/mesh/istiodRequireCni";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { IOP, istiod, operator, RELEASE, secureValues } from "./istioInstallFixtures";

const helmOff =
  'Helm chart "istiod" does not enable the Istio CNI (pilot.cni.enabled: true): install the cni chart and set it, so pods need no NET_ADMIN init container.';
const iopOff = "IstioOperator does not enable the Istio CNI: set spec.components.cni.enabled: true.";

test("pilot.cni.enabled true passes; an IstioOperator with components.cni or the value passes", async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod(secureValues())), []);
  assert.deepEqual(await violations(policy, RELEASE, istiod('{"pilot":{"cni":{"enabled":"true"}}}')), []);
  assert.deepEqual(await violations(policy, IOP, operator({ components: { cni: { enabled: true } } })), []);
  assert.deepEqual(
    await violations(policy, IOP, operator({ values: { pilot: { cni: { enabled: true } } } })),
    [],
  );
});

test("unset (the chart default is false) and false are flagged, for Helm and IstioOperator", async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod({})), [helmOff]);
  assert.deepEqual(await violations(policy, RELEASE, istiod({ pilot: { cni: { enabled: false } } })), [
    helmOff,
  ]);
  assert.deepEqual(await violations(policy, IOP, operator({ components: { cni: { enabled: false } } })), [
    iopOff,
  ]);
});

test("unknown values are silent", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: RELEASE,
      props: istiod({ pilot: { cni: { enabled: UNKNOWN.boolean } } }),
    }),
    { violations: [] },
  );
  assert.deepEqual(
    await validate(policy, {
      type: IOP,
      props: operator({ components: { cni: { enabled: UNKNOWN.boolean } } }),
    }),
    {
      violations: [],
    },
  );
});

test('enabled "" is not true: flagged', async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod({ pilot: { cni: { enabled: "" } } })), [helmOff]);
});
