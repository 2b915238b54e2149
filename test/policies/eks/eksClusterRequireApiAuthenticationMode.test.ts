import assert from "node:assert/strict";
import { test } from "node:test";
import { eksClusterRequireApiAuthenticationMode as policy } from "../../../policy-pack/policies/eks/eksClusterRequireApiAuthenticationMode";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/cluster:Cluster";
const msg = (shown: string) =>
  `EKS authentication mode is ${shown}: set accessConfig.authenticationMode to "API" so only access entries grant cluster access.`;

test('authenticationMode "API" passes', async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    }),
    [],
  );
});

test("CONFIG_MAP and API_AND_CONFIG_MAP (the aws-auth ConfigMap) are flagged", async () => {
  for (const mode of ["CONFIG_MAP", "API_AND_CONFIG_MAP"])
    assert.deepEqual(await violations(policy, TYPE, { accessConfig: { authenticationMode: mode } }), [
      msg(`"${mode}"`),
    ]);
});

test("a missing accessConfig or mode is the API's default, CONFIG_MAP: flagged", async () => {
  const unset = msg("unset (the EKS API's default, CONFIG_MAP)");
  assert.deepEqual(await violations(policy, TYPE, {}), [unset]);
  assert.deepEqual(await violations(policy, TYPE, { accessConfig: {} }), [unset]);
  assert.deepEqual(
    await violations(policy, TYPE, { accessConfig: { bootstrapClusterCreatorAdminPermissions: false } }),
    [unset],
  );
});

test("an unknown mode is an advisory note during preview (the SDK's), not a pass", async () => {
  assert.deepEqual(
    await validate(policy, { type: TYPE, props: { accessConfig: { authenticationMode: UNKNOWN.string } } }),
    {
      violations: [],
      unknownRead: "string value at .accessConfig.authenticationMode can't be known during preview",
    },
  );
});

test('an empty mode ("") is unset; a lower-case "api" is not the API value', async () => {
  assert.deepEqual(await violations(policy, TYPE, { accessConfig: { authenticationMode: "" } }), [
    msg("unset (the EKS API's default, CONFIG_MAP)"),
  ]);
  assert.deepEqual(await violations(policy, TYPE, { accessConfig: { authenticationMode: "api" } }), [
    msg('"api"'),
  ]);
});
