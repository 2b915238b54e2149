import assert from "node:assert/strict";
import { test } from "node:test";
import { dynamodbTableRequireDeletionProtection as policy } from "../../../policy-pack/policies/privacy/dynamodbTableRequireDeletionProtection";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TABLE = "aws:dynamodb/table:Table";
const ledger = (props: Record<string, any> = {}) => ({
  name: "rampart-prod-consent",
  hashKey: "subjectId",
  pointInTimeRecovery: { enabled: true },
  deletionProtectionEnabled: true,
  tags: { "rampart:data-class": "consent" },
  ...props,
});
const MSG = "Table holding consent data can be deleted: set deletionProtectionEnabled: true.";

test("the consent ledger with deletion protection passes", async () => {
  assert.deepEqual(await violations(policy, TABLE, ledger()), []);
});

test('a consent table without deletion protection (unset, false or "") is flagged', async () => {
  assert.deepEqual(await violations(policy, TABLE, ledger({ deletionProtectionEnabled: undefined })), [MSG]);
  assert.deepEqual(await violations(policy, TABLE, ledger({ deletionProtectionEnabled: false })), [MSG]);
  assert.deepEqual(await violations(policy, TABLE, ledger({ deletionProtectionEnabled: "" })), [MSG]);
});

test("tables of other classes, or untagged, are not judged", async () => {
  assert.deepEqual(
    await violations(policy, TABLE, ledger({ deletionProtectionEnabled: false, tags: { team: "x" } })),
    [],
  );
});

test("an unknown flag is the SDK's advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: TABLE, props: ledger({ deletionProtectionEnabled: UNKNOWN.boolean }) }),
    {
      violations: [],
      unknownRead: "boolean value at .deletionProtectionEnabled can't be known during preview",
    },
  );
});
