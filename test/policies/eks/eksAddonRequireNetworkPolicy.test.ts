import assert from "node:assert/strict";
import { test } from "node:test";
import { eksAddonRequireNetworkPolicy as policy } from "../../../policy-pack/policies/eks/eksAddonRequireNetworkPolicy";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/addon:Addon";
const cni = (configurationValues?: unknown) => ({
  clusterName: "c",
  addonName: "vpc-cni",
  ...(configurationValues === undefined ? {} : { configurationValues }),
});
const fix = 'set enableNetworkPolicy: "true" in configurationValues.';

test('enableNetworkPolicy "true" passes, as JSON or YAML', async () => {
  assert.deepEqual(await violations(policy, TYPE, cni(JSON.stringify({ enableNetworkPolicy: "true" }))), []);
  assert.deepEqual(
    await violations(policy, TYPE, cni('enableNetworkPolicy: "true"\nenv:\n  WARM_IP_TARGET: "2"\n')),
    [],
  );
  assert.deepEqual(await violations(policy, TYPE, cni(JSON.stringify({ enableNetworkPolicy: true }))), []);
});

test("other add-ons are not judged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { addonName: "coredns" }), []);
  assert.deepEqual(await violations(policy, TYPE, { addonName: "" }), []);
});

test("no configurationValues (the add-on's default is off) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, cni()), [
    'vpc-cni add-on has no configurationValues, so network policy enforcement is off (its default): set configurationValues to JSON with enableNetworkPolicy: "true".',
  ]);
});

test('enableNetworkPolicy "false", unset or empty is flagged', async () => {
  assert.deepEqual(await violations(policy, TYPE, cni(JSON.stringify({ enableNetworkPolicy: "false" }))), [
    `vpc-cni add-on enableNetworkPolicy is "false": NetworkPolicies are not enforced; ${fix}`,
  ]);
  assert.deepEqual(
    await violations(policy, TYPE, cni(JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: "true" } }))),
    [
      `vpc-cni add-on enableNetworkPolicy is unset (off by default): NetworkPolicies are not enforced; ${fix}`,
    ],
  );
  assert.deepEqual(await violations(policy, TYPE, cni("enableNetworkPolicy: ''")), [
    `vpc-cni add-on enableNetworkPolicy is "": NetworkPolicies are not enforced; ${fix}`,
  ]);
});

test("malformed or non-object configurationValues is a violation naming the property, not a throw", async () => {
  assert.deepEqual(await violations(policy, TYPE, cni('{"enableNetworkPolicy": "true"')), [
    'vpc-cni add-on configurationValues is neither valid JSON nor YAML: set configurationValues to JSON with enableNetworkPolicy: "true".',
  ]);
  for (const v of ["", "just a string", "[1, 2]", 3])
    assert.deepEqual(
      await violations(policy, TYPE, cni(v)),
      [
        'vpc-cni add-on configurationValues is not a JSON or YAML object: set configurationValues to JSON with enableNetworkPolicy: "true".',
      ],
      String(v),
    );
});

test("another enforcement engine can be configured (requireVpcCniEnforcement false)", async () => {
  assert.deepEqual(await violations(policy, TYPE, cni(), { requireVpcCniEnforcement: false }), []);
});

test("unknown configurationValues is an advisory note during preview", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: cni(UNKNOWN.string) }), {
    violations: [],
    unknownRead: "string value at .configurationValues can't be known during preview",
  });
});
