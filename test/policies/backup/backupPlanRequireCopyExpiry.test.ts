import assert from "node:assert/strict";
import { test } from "node:test";
import { backupPlanRequireCopyExpiry as policy } from "../../../policy-pack/policies/backup/backupPlanRequireCopyExpiry";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:backup/plan:Plan";
const DR = "arn:aws:backup:us-west-2:123456789012:backup-vault:dr";
const rule = (copy: Record<string, any>) => ({
  ruleName: "volumes-35d",
  targetVaultName: "rampart-prod-backups",
  lifecycle: { deleteAfter: 35 },
  copyActions: [copy],
});
const MSG =
  'Backup plan rule "volumes-35d" copy action #0 never expires its copies: set its lifecycle.deleteAfter (the rule\'s retention).';

test("copies that expire, and rules without copies, pass", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      rules: [rule({ destinationVaultArn: DR, lifecycle: { deleteAfter: 35 } })],
    }),
    [],
  );
  assert.deepEqual(await violations(policy, TYPE, { rules: [{ ruleName: "r", targetVaultName: "v" }] }), []);
});

test("a copy with no lifecycle, or one without deleteAfter, is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { rules: [rule({ destinationVaultArn: DR })] }), [MSG]);
  assert.deepEqual(
    await violations(policy, TYPE, {
      rules: [rule({ destinationVaultArn: DR, lifecycle: { coldStorageAfter: 7 } })],
    }),
    [MSG],
  );
});

test("an unknown copy lifecycle or copy list is not inspectable (the SDK's note) during preview", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: TYPE,
      props: { rules: [rule({ destinationVaultArn: DR, lifecycle: { deleteAfter: UNKNOWN.number } })] },
    }),
    {
      violations: [],
      unknownRead:
        "string value at .rules.0.copyActions.0.lifecycle.deleteAfter can't be known during preview",
    },
  );
  assert.deepEqual(
    await validate(policy, { type: TYPE, props: { rules: [{ ruleName: "r", copyActions: UNKNOWN.array }] } }),
    { violations: [], unknownRead: "string value at .rules.0.copyActions can't be known during preview" },
  );
});

test('a copy deleteAfter of "" is no expiry: flagged', async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      rules: [rule({ destinationVaultArn: DR, lifecycle: { deleteAfter: "" } })],
    }),
    [MSG],
  );
});
