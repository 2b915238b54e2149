import assert from "node:assert/strict";
import { test } from "node:test";
import { eksClusterDisallowBootstrapCreatorAdmin as policy } from "../../../policy-pack/policies/eks/eksClusterDisallowBootstrapCreatorAdmin";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/cluster:Cluster";
const msg = (shown: string) =>
  `bootstrapClusterCreatorAdminPermissions is ${shown}: set accessConfig.bootstrapClusterCreatorAdminPermissions to false and declare the deployer's access entry.`;
const UNSET = msg("unset (the EKS API's default, true)");

test("false passes (as a boolean or the string a bridged provider may carry)", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    }),
    [],
  );
  assert.deepEqual(
    await violations(policy, TYPE, { accessConfig: { bootstrapClusterCreatorAdminPermissions: "false" } }),
    [],
  );
});

test("true is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { accessConfig: { bootstrapClusterCreatorAdminPermissions: true } }),
    [msg("true")],
  );
});

test("a missing accessConfig or flag is the API's default, true: flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, {}), [UNSET]);
  assert.deepEqual(await violations(policy, TYPE, { accessConfig: { authenticationMode: "API" } }), [UNSET]);
});

test("an unknown flag is an advisory note during preview (the SDK's), not a pass", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: TYPE,
      props: { accessConfig: { bootstrapClusterCreatorAdminPermissions: UNKNOWN.boolean } },
    }),
    {
      violations: [],
      unknownRead:
        "boolean value at .accessConfig.bootstrapClusterCreatorAdminPermissions can't be known during preview",
    },
  );
});

test('an empty value ("") is unset', async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { accessConfig: { bootstrapClusterCreatorAdminPermissions: "" } }),
    [UNSET],
  );
});
