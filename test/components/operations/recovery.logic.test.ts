import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import type { RecoveryArgs } from "../../../components/operations/recovery.args";
import {
  backupKmsPolicy,
  backupManagedPolicyArns,
  backupS3Policy,
  backupTrustPolicy,
  failedJobEventPattern,
  planRule,
  scheduleProblem,
  selectionByTag,
} from "../../../components/operations/recovery.logic";
import { validateRecoveryArgs } from "../../../components/operations/recovery.validate";
import { formatProblem } from "../../../components/shared/problems";

const VALID: RecoveryArgs = {
  namePrefix: "rampart-prod",
  backupsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/backups",
  vaultLock: { mode: "compliance", minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
  plans: {
    volumes: { schedule: "cron(0 3 * * ? *)", retentionDays: 35 },
    consent: {
      schedule: "cron(30 2 ? * MON-FRI *)",
      retentionDays: 90,
      copyToVaultArn: "arn:aws:backup:eu-central-1:123456789012:backup-vault:rampart-prod-dr",
    },
  },
  vpcId: "vpc-0abc",
};
const lines = (args: RecoveryArgs) => validateRecoveryArgs(args).map((p) => formatProblem(p));

describe("validateRecoveryArgs", () => {
  test("valid arguments have no problem", () => {
    assert.deepEqual(lines(VALID), []);
  });

  test("no plan at all", () => {
    assert.deepEqual(lines({ ...VALID, plans: {} }), [
      "plans: {} backs up nothing (expected a plan for at least one of volumes, consent, models)",
    ]);
  });

  test("a rate expression, a 5-field cron, a sub-hourly cron and both day fields set", () => {
    const plan = (schedule: string) => ({ ...VALID, plans: { volumes: { schedule, retentionDays: 35 } } });
    assert.deepEqual(lines(plan("rate(1 day)")), [
      'plans.volumes.schedule: "rate(1 day)" is a rate expression, which AWS Backup does not take (expected an AWS Backup cron expression such as "cron(0 3 * * ? *)")',
    ]);
    assert.match(lines(plan("cron(0 3 * * ?)"))[0]!, /has 5 cron fields, not 6/);
    assert.match(lines(plan("cron(0/15 * * * ? *)"))[0]!, /the minutes field must be one minute/);
    assert.match(lines(plan("cron(0 3 * * MON *)"))[0]!, /exactly one of day-of-month and day-of-week/);
    assert.match(lines(plan("0 3 * * ? *"))[0]!, /is not a cron expression/);
  });

  test("retention outside the lock's bounds, and min above max", () => {
    assert.deepEqual(
      lines({ ...VALID, plans: { volumes: { schedule: "cron(0 3 * * ? *)", retentionDays: 3 } } }),
      [
        "plans.volumes.retentionDays: 3 is outside the vault lock's bounds (expected 7 to 365 days: AWS Backup fails jobs whose retention the lock refuses)",
      ],
    );
    assert.deepEqual(
      lines({
        ...VALID,
        vaultLock: { mode: "governance", minRetentionDays: 400, maxRetentionDays: 30 },
        plans: { volumes: { schedule: "cron(0 3 * * ? *)", retentionDays: 30 } },
      }),
      [
        "vaultLock.maxRetentionDays: 30 is less than minRetentionDays (400) (expected max ≥ min)",
        "plans.volumes.retentionDays: 30 is outside the vault lock's bounds (expected 400 to 30 days: AWS Backup fails jobs whose retention the lock refuses)",
      ],
    );
  });

  test("compliance mode needs a grace period of at least 3 days; governance takes none", () => {
    assert.deepEqual(lines({ ...VALID, vaultLock: { ...VALID.vaultLock!, changeableForDays: 1 } }), [
      "vaultLock.changeableForDays: 1 is shorter than compliance mode's grace period (expected whole days, at least 3: AWS's minimum, time to undo a mistaken lock)",
    ]);
    assert.deepEqual(
      lines({ ...VALID, vaultLock: { ...VALID.vaultLock!, mode: "governance", changeableForDays: 3 } }),
      [
        'vaultLock.changeableForDays: 3 applies to compliance mode only (expected it unset with mode "governance", or mode "compliance")',
      ],
    );
  });

  test("a copy vault that is not a Backup vault ARN, a bad prefix, an unknown class", () => {
    assert.deepEqual(
      lines({
        ...VALID,
        namePrefix: "Rampart_Prod",
        plans: {
          consent: { schedule: "cron(0 3 * * ? *)", retentionDays: 30, copyToVaultArn: "rampart-prod-dr" },
          ...({ secrets: { schedule: "cron(0 3 * * ? *)", retentionDays: 30 } } as object),
        },
      }),
      [
        'namePrefix: "Rampart_Prod" is not a name prefix (expected "<project>-<stack>": up to 41 of a-z, 0-9 and -, e.g. "rampart-prod")',
        'plans.consent.copyToVaultArn: "rampart-prod-dr" is not a Backup vault ARN (expected "arn:aws:backup:<region>:<account>:backup-vault:<name>")',
        'plans.secrets: "secrets" is not a backup class (expected one of volumes, consent, models)',
      ],
    );
  });

  test("every problem at once, one line each", () => {
    const out = lines({
      ...VALID,
      vaultLock: { mode: "compliance", minRetentionDays: 0, maxRetentionDays: 40000, changeableForDays: 2 },
      plans: { models: { schedule: "rate(1 hour)", retentionDays: 0 } },
    });
    assert.equal(out.length, 5);
  });
});

describe("scheduleProblem", () => {
  test("any fixed minute and hour, daily, is accepted", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), (m, h) => {
        assert.equal(scheduleProblem(`cron(${m} ${h} * * ? *)`), undefined);
      }),
    );
  });
});

describe("documents", () => {
  test("plan rule: expiry = retention, copy with the same expiry, class on the recovery points", () => {
    assert.deepEqual(planRule("consent", VALID.plans.consent!, "rampart-prod-backups"), {
      ruleName: "consent-90d",
      targetVaultName: "rampart-prod-backups",
      schedule: "cron(30 2 ? * MON-FRI *)",
      lifecycle: { deleteAfter: 90 },
      recoveryPointTags: { "rampart:backup-class": "consent" },
      copyActions: [
        {
          destinationVaultArn: "arn:aws:backup:eu-central-1:123456789012:backup-vault:rampart-prod-dr",
          lifecycle: { deleteAfter: 90 },
        },
      ],
    });
    assert.equal("copyActions" in planRule("volumes", VALID.plans.volumes!, "v"), false);
  });

  test("selection: every resource, restricted by the class tag", () => {
    assert.deepEqual(selectionByTag("models"), {
      resources: ["*"],
      conditions: [{ stringEquals: [{ key: "aws:ResourceTag/rampart:backup-class", value: "models" }] }],
    });
  });

  test("trust: backup.amazonaws.com for this account only", () => {
    assert.deepEqual(backupTrustPolicy("123456789012").Statement, [
      {
        Sid: "AwsBackupAssumes",
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });

  test("managed policies: AWS's backup and restore pair, never AWS's S3 pair (every bucket, every key)", () => {
    assert.deepEqual(backupManagedPolicyArns("aws"), [
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
  });

  test("S3: the model store's buckets and their objects only; no KMS here (the KMS policy names the keys)", () => {
    const doc = backupS3Policy({ partition: "aws", bucketPrefix: "rampart-prod-models-" });
    const s3 = doc.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith("s3:")));
    for (const st of s3)
      for (const r of [st.Resource].flat())
        assert.ok(
          r === "*"
            ? [st.Action].flat().join() === "s3:ListAllMyBuckets"
            : r.startsWith("arn:aws:s3:::rampart-prod-models-*"),
          r,
        );
    assert.ok(!JSON.stringify(doc).includes("kms:"));
    assert.ok(
      [doc.Statement.find((s) => s.Sid === "ModelStoreObjects")!.Action]
        .flat()
        .includes("s3:GetObjectVersion"),
    );
  });

  test("KMS: named keys only, each through its services, grants for AWS resources only", () => {
    const doc = backupKmsPolicy({
      region: "eu-west-1",
      vaultKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/backups",
      sourceKeyArns: ["arn:aws:kms:eu-west-1:123456789012:key/volumes"],
    });
    assert.deepEqual(
      doc.Statement.map((s) => [s.Sid, s.Resource, s.Condition]),
      [
        [
          "VaultKeyThroughBackup",
          "arn:aws:kms:eu-west-1:123456789012:key/backups",
          { StringEquals: { "kms:ViaService": ["backup.eu-west-1.amazonaws.com"] } },
        ],
        [
          "SourceKeysThroughTheirServices",
          ["arn:aws:kms:eu-west-1:123456789012:key/volumes"],
          {
            StringEquals: {
              "kms:ViaService": [
                "ec2.eu-west-1.amazonaws.com",
                "dynamodb.eu-west-1.amazonaws.com",
                "s3.eu-west-1.amazonaws.com",
              ],
            },
          },
        ],
        [
          "SourceKeyGrantsForAwsResources",
          ["arn:aws:kms:eu-west-1:123456789012:key/volumes"],
          {
            StringEquals: {
              "kms:ViaService": ["ec2.eu-west-1.amazonaws.com", "dynamodb.eu-west-1.amazonaws.com"],
            },
            Bool: { "kms:GrantIsForAWSResource": "true" },
          },
        ],
      ],
    );
    assert.equal(
      backupKmsPolicy({ region: "eu-west-1", vaultKeyArn: "k", sourceKeyArns: [] }).Statement.length,
      1,
    );
  });

  test("alert pattern: failed, aborted, expired backup, copy and restore jobs of this account", () => {
    assert.deepEqual(failedJobEventPattern("123456789012"), {
      source: ["aws.backup"],
      account: ["123456789012"],
      "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
      detail: {
        $or: [{ state: ["FAILED", "ABORTED", "EXPIRED"] }, { status: ["FAILED", "ABORTED", "EXPIRED"] }],
      },
    });
  });
});
