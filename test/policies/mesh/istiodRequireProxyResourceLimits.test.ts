import assert from "node:assert/strict";
import { test } from "node:test";
import { istiodRequireProxyResourceLimits as policy } from "../../../policy-pack/policies/mesh/istiodRequireProxyResourceLimits";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { IOP, istiod, operator, RELEASE, secureValues } from "./istioInstallFixtures";

const removes = (label: string, path: string) =>
  `${label} removes ${path}: leave the chart's limits or set cpu and memory limits.`;

test("explicit limits pass, and so do values that leave the chart's default limits (Helm merges maps)", async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod(secureValues())), []);
  assert.deepEqual(
    await violations(
      policy,
      RELEASE,
      istiod({ global: { proxy: { resources: { requests: { cpu: "50m" } } } } }),
    ),
    [],
  );
  assert.deepEqual(await violations(policy, RELEASE, istiod({})), []);
  assert.deepEqual(await violations(policy, IOP, operator({ values: secureValues() })), []);
});

test("null resources, limits or a limit, and zero limits, are flagged (Helm and IstioOperator)", async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod({ global: { proxy: { resources: null } } })), [
    removes('Helm chart "istiod"', "global.proxy.resources"),
  ]);
  assert.deepEqual(
    await violations(policy, RELEASE, istiod("global:\n  proxy:\n    resources:\n      limits: null\n")),
    [removes('Helm chart "istiod"', "global.proxy.resources.limits")],
  );
  assert.deepEqual(
    await violations(
      policy,
      RELEASE,
      istiod({ global: { proxy: { resources: { limits: { cpu: "1", memory: 0 } } } } }),
    ),
    [removes('Helm chart "istiod"', "global.proxy.resources.limits.memory")],
  );
  assert.deepEqual(
    await violations(
      policy,
      IOP,
      operator({ values: { global: { proxy: { resources: { limits: { cpu: null } } } } } }),
    ),
    [removes("IstioOperator", "global.proxy.resources.limits.cpu")],
  );
});

test("unknown values are not inspectable (the SDK's note)", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: RELEASE,
      props: istiod({ global: { proxy: { resources: UNKNOWN.object } } }),
    }),
    {
      violations: [],
      unknownRead: "string value at .values.global.proxy.resources can't be known during preview",
    },
  );
  assert.deepEqual(await validate(policy, { type: RELEASE, props: istiod(UNKNOWN.object) }), {
    violations: [],
    unknownRead: "string value at .values can't be known during preview",
  });
});

test('an empty limit ("") is flagged', async () => {
  assert.deepEqual(
    await violations(policy, RELEASE, istiod({ global: { proxy: { resources: { limits: { cpu: "" } } } } })),
    [removes('Helm chart "istiod"', "global.proxy.resources.limits.cpu")],
  );
});
