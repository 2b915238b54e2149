import assert from "node:assert/strict";
import { test } from "node:test";
import { backupSelectionRequireScope as policy } from "../../../policy-pack/policies/backup/backupSelectionRequireScope";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:backup/selection:Selection";
const MSG =
  "Backup selection selects nothing (no resources, no selectionTags, no conditions): set resources, and select by the tag rampart:backup-class.";
const compliant = (): Record<string, any> => ({
  name: "rampart-prod-volumes",
  planId: "plan-1",
  iamRoleArn: "arn:aws:iam::123456789012:role/rampart-prod-backup",
  resources: ["*"],
  conditions: [{ stringEquals: [{ key: "aws:ResourceTag/rampart:backup-class", value: "volumes" }] }],
});

test("a selection by tag (conditions or selectionTags) or by resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
  const { resources: _r, conditions: _c, ...bare } = compliant();
  assert.deepEqual(
    await violations(policy, TYPE, {
      ...bare,
      selectionTags: [{ type: "STRINGEQUALS", key: "rampart:backup-class", value: "volumes" }],
    }),
    [],
  );
  assert.deepEqual(
    await violations(policy, TYPE, { ...bare, resources: ["arn:aws:dynamodb:us-east-1:1:table/t"] }),
    [],
  );
});

test("no resources, no tags, no conditions (or empty condition blocks) is flagged", async () => {
  const { resources: _r, conditions: _c, ...bare } = compliant();
  assert.deepEqual(await violations(policy, TYPE, bare), [MSG]);
  assert.deepEqual(
    await violations(policy, TYPE, {
      ...bare,
      resources: [],
      selectionTags: [],
      conditions: [{ stringEquals: [] }],
    }),
    [MSG],
  );
});

test("unknown resources or conditions are not inspectable (the SDK's note) during preview", async () => {
  const { resources: _r, conditions: _c, ...bare } = compliant();
  assert.deepEqual(await validate(policy, { type: TYPE, props: { ...bare, resources: UNKNOWN.array } }), {
    violations: [],
    unknownRead: "string value at .resources can't be known during preview",
  });
  assert.deepEqual(await validate(policy, { type: TYPE, props: { ...bare, conditions: UNKNOWN.array } }), {
    violations: [],
    unknownRead: "string value at .conditions can't be known during preview",
  });
});

test('an empty name ("") does not matter: judged by what it selects', async () => {
  assert.deepEqual(await violations(policy, TYPE, { ...compliant(), name: "" }), []);
});
