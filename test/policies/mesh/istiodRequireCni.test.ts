import assert from "node:assert/strict";
import { test } from "node:test";
import { istiodRequireCni as policy } from "../../../policy-pack/policies/mesh/istiodRequireCni";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { IOP, istiod, operator, RELEASE, secureValues } from "./istioInstallFixtures";

const helmOff =
  'Helm chart "istiod" does not enable the Istio CNI (values cni.enabled: true; the chart ignores pilot.cni.enabled): install the cni chart and set it, so pods need no NET_ADMIN init container.';
const iopOff = "IstioOperator does not enable the Istio CNI: set spec.components.cni.enabled: true.";

test("the chart's cni.enabled true passes; an IstioOperator with components.cni or pilot.cni passes", async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod(secureValues())), []);
  assert.deepEqual(await violations(policy, RELEASE, istiod('{"cni":{"enabled":"true"}}')), []);
  assert.deepEqual(await violations(policy, IOP, operator({ components: { cni: { enabled: true } } })), []);
  assert.deepEqual(
    await violations(policy, IOP, operator({ values: { pilot: { cni: { enabled: true } } } })),
    [],
  );
});

test("unset (the chart default is false) and false are flagged, for Helm and IstioOperator", async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod({})), [helmOff]);
  assert.deepEqual(await violations(policy, RELEASE, istiod({ cni: { enabled: false } })), [helmOff]);
  // The IstioOperator form in Helm values is ignored by the chart: still no CNI.
  assert.deepEqual(await violations(policy, RELEASE, istiod({ pilot: { cni: { enabled: true } } })), [
    helmOff,
  ]);
  assert.deepEqual(await violations(policy, IOP, operator({ components: { cni: { enabled: false } } })), [
    iopOff,
  ]);
});

test("unknown values are not inspectable (the SDK's note)", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: RELEASE,
      props: istiod({ cni: { enabled: UNKNOWN.boolean } }),
    }),
    { violations: [], unknownRead: "string value at .values.cni.enabled can't be known during preview" },
  );
  assert.deepEqual(
    await validate(policy, {
      type: IOP,
      props: operator({ components: { cni: { enabled: UNKNOWN.boolean } } }),
    }),
    {
      violations: [],
      unknownRead: "string value at .spec.components.cni.enabled can't be known during preview",
    },
  );
});

test('enabled "" is not true: flagged', async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod({ cni: { enabled: "" } })), [helmOff]);
});
