import assert from "node:assert/strict";
import { test } from "node:test";
import { rdsInstanceDisallowPublicAccess as policy } from "../../../policy-pack/policies/exposure/rdsInstanceDisallowPublicAccess";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const MSG =
  "DB instance is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC.";

test("a private DB instance passes (false, or unset: AWS's default)", async () => {
  for (const type of [INSTANCE, CLUSTER_INSTANCE]) {
    assert.deepEqual(
      await violations(policy, type, { instanceClass: "db.t4g.micro", publiclyAccessible: false }),
      [],
    );
    assert.deepEqual(await violations(policy, type, { instanceClass: "db.t4g.micro" }), []);
  }
});

test("publiclyAccessible: true is flagged on Instance and ClusterInstance", async () => {
  assert.deepEqual(
    await violations(policy, INSTANCE, { instanceClass: "db.t4g.micro", publiclyAccessible: true }),
    [MSG],
  );
  assert.deepEqual(
    await violations(policy, CLUSTER_INSTANCE, { clusterIdentifier: "c", publiclyAccessible: true }),
    [MSG],
  );
});

test("an unknown publiclyAccessible during preview is an advisory note, not a violation or a throw", async () => {
  const outcome = await validate(policy, { type: INSTANCE, props: { publiclyAccessible: UNKNOWN.boolean } });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /publiclyAccessible/);
});

test("other types are ignored", async () => {
  assert.deepEqual(await violations(policy, "aws:rds/cluster:Cluster", { publiclyAccessible: true }), []);
});
