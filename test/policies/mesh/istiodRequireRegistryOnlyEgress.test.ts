import assert from "node:assert/strict";
import { test } from "node:test";
import { stringify } from "yaml";
import { istiodRequireRegistryOnlyEgress as policy } from "../../../policy-pack/policies/mesh/istiodRequireRegistryOnlyEgress";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CHART4, IOP, istiod, operator, RELEASE, secureValues } from "./istioInstallFixtures";

const unset = (label: string) =>
  `${label} sets meshConfig.outboundTrafficPolicy.mode unset (ALLOW_ANY): set it to REGISTRY_ONLY.`;

test("REGISTRY_ONLY passes: values as an object, JSON or YAML, any istiod chart reference, IstioOperator", async () => {
  for (const values of [secureValues(), JSON.stringify(secureValues()), stringify(secureValues())])
    assert.deepEqual(await violations(policy, RELEASE, istiod(values)), []);
  for (const chart of ["istio/istiod", "oci://registry.example.com/charts/istiod", "./charts/istiod"])
    assert.deepEqual(await violations(policy, CHART4, istiod(secureValues(), { chart })), [], chart);
  assert.deepEqual(
    await violations(
      policy,
      IOP,
      operator({ meshConfig: { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } }),
    ),
    [],
  );
});

test("ALLOW_ANY and unset (the default, ALLOW_ANY) are flagged in every form", async () => {
  assert.deepEqual(
    await violations(
      policy,
      RELEASE,
      istiod({ meshConfig: { outboundTrafficPolicy: { mode: "ALLOW_ANY" } } }),
    ),
    ['Helm chart "istiod" sets meshConfig.outboundTrafficPolicy.mode ALLOW_ANY: set it to REGISTRY_ONLY.'],
  );
  assert.deepEqual(await violations(policy, RELEASE, istiod(undefined)), [unset('Helm chart "istiod"')]);
  assert.deepEqual(
    await violations(
      policy,
      CHART4,
      istiod("pilot:\n  cni:\n    enabled: true\n", { chart: "istio/istiod" }),
    ),
    [unset('Helm chart "istio/istiod"')],
  );
  assert.deepEqual(await violations(policy, IOP, operator({ profile: "default" })), [unset("IstioOperator")]);
});

test("user values override the chart's internal defaults, which count when the user sets nothing", async () => {
  const internal = {
    _internal_defaults_do_not_set: { meshConfig: { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } } },
  };
  assert.deepEqual(await violations(policy, RELEASE, istiod(internal)), []);
  assert.equal(
    (
      await violations(
        policy,
        RELEASE,
        istiod({ ...internal, meshConfig: { outboundTrafficPolicy: { mode: "ALLOW_ANY" } } }),
      )
    ).length,
    1,
  );
});

test("other charts are not judged; unknown values or modes are not inspectable (the SDK's note)", async () => {
  assert.deepEqual(await violations(policy, RELEASE, istiod({}, { chart: "base" })), []);
  assert.deepEqual(await violations(policy, RELEASE, istiod({}, { chart: "istiod-remote" })), []);
  for (const [props, path] of [
    [istiod(UNKNOWN.object), ".values"],
    [
      istiod({ meshConfig: { outboundTrafficPolicy: { mode: UNKNOWN.string } } }),
      ".values.meshConfig.outboundTrafficPolicy.mode",
    ],
  ] as const)
    assert.deepEqual(await validate(policy, { type: RELEASE, props }), {
      violations: [],
      unknownRead: `string value at ${path} can't be known during preview`,
    });
  assert.deepEqual(await validate(policy, { type: IOP, props: operator(UNKNOWN.object) }), {
    violations: [],
    unknownRead: "string value at .spec can't be known during preview",
  });
});

test('a mode "" is not REGISTRY_ONLY: flagged; values "" (an empty YAML document) set nothing: flagged', async () => {
  assert.deepEqual(
    await violations(policy, RELEASE, istiod({ meshConfig: { outboundTrafficPolicy: { mode: "" } } })),
    ['Helm chart "istiod" sets meshConfig.outboundTrafficPolicy.mode "": set it to REGISTRY_ONLY.'],
  );
  assert.deepEqual(await violations(policy, RELEASE, istiod("")), [unset('Helm chart "istiod"')]);
});
