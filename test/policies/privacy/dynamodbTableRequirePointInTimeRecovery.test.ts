import assert from "node:assert/strict";
import { test } from "node:test";
import { dynamodbTableRequirePointInTimeRecovery as policy } from "../../../policy-pack/policies/privacy/dynamodbTableRequirePointInTimeRecovery";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TABLE = "aws:dynamodb/table:Table";
const ledger = (props: Record<string, any> = {}) => ({
  name: "rampart-prod-consent",
  billingMode: "PAY_PER_REQUEST",
  hashKey: "subjectId",
  pointInTimeRecovery: { enabled: true },
  deletionProtectionEnabled: true,
  tags: { "rampart:data-class": "consent" },
  ...props,
});
const MSG =
  "Table holding consent data has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.";

test("the consent ledger with PITR passes", async () => {
  assert.deepEqual(await violations(policy, TABLE, ledger()), []);
});

test("a consent table without PITR, or with it off, is flagged", async () => {
  assert.deepEqual(await violations(policy, TABLE, ledger({ pointInTimeRecovery: undefined })), [MSG]);
  assert.deepEqual(await violations(policy, TABLE, ledger({ pointInTimeRecovery: { enabled: false } })), [
    MSG,
  ]);
});

test("every table is judged, tagged or not (an empty tag included); exempt classes are explicit config", async () => {
  const untagged = "Table has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.";
  assert.deepEqual(await violations(policy, TABLE, ledger({ pointInTimeRecovery: undefined, tags: {} })), [
    untagged,
  ]);
  assert.deepEqual(await violations(policy, TABLE, ledger({ pointInTimeRecovery: {}, tags: undefined })), [
    untagged,
  ]);
  assert.deepEqual(
    await violations(
      policy,
      TABLE,
      ledger({ pointInTimeRecovery: undefined, tags: { "rampart:data-class": "" } }),
    ),
    [untagged],
  );
  const sessions = ledger({ pointInTimeRecovery: undefined, tags: { "rampart:data-class": "sessions" } });
  assert.deepEqual(await violations(policy, TABLE, sessions), [
    "Table holding sessions data has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.",
  ]);
  assert.deepEqual(await violations(policy, TABLE, sessions, { exemptDataClasses: ["sessions"] }), []);
  // An exemption of "" exempts nothing: an empty tag is no class.
  assert.deepEqual(
    await violations(
      policy,
      TABLE,
      ledger({ pointInTimeRecovery: undefined, tags: { "rampart:data-class": "" } }),
      { exemptDataClasses: [""] },
    ),
    [untagged],
  );
  assert.deepEqual(await violations(policy, TABLE, ledger({ pointInTimeRecovery: { enabled: "true" } })), [
    MSG,
  ]);
});

test("an unknown PITR flag is the SDK's advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: TABLE,
      props: ledger({ pointInTimeRecovery: { enabled: UNKNOWN.boolean } }),
    }),
    {
      violations: [],
      unknownRead: "boolean value at .pointInTimeRecovery.enabled can't be known during preview",
    },
  );
});
