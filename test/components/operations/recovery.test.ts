import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { Recovery, type RecoveryArgs } from "../../../components/operations/recovery";
import {
  type Captured,
  type CapturedResource,
  json,
  plain,
  runComponent,
  unwrap,
} from "../../helpers/harness";

/** Recovery under Pulumi's mock runtime: exact children, and the security-relevant inputs of each. */

const BACKUPS_KEY = "arn:aws:kms:us-east-1:123456789012:key/backups";
const VOLUMES_KEY = "arn:aws:kms:us-east-1:123456789012:key/volumes";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:rampart-prod-alerts";
const DR_VAULT = "arn:aws:backup:us-west-2:123456789012:backup-vault:rampart-prod-dr";
const ARGS: RecoveryArgs = {
  namePrefix: "rampart-prod",
  backupsKeyArn: BACKUPS_KEY,
  sourceKeyArns: [VOLUMES_KEY],
  vaultLock: { mode: "compliance", minRetentionDays: 7, maxRetentionDays: 365 },
  plans: {
    volumes: { schedule: "cron(0 3 * * ? *)", retentionDays: 35, copyToVaultArn: DR_VAULT },
    consent: { schedule: "cron(0 4 * * ? *)", retentionDays: 90 },
    models: { schedule: "cron(0 5 ? * SUN *)", retentionDays: 180 },
  },
  vpcId: "vpc-0abc",
  alertTopicArn: TOPIC,
  tags: { team: "platform" },
};
const input = (r: CapturedResource) => plain<Record<string, any>>(r.inputs);

async function build(args: RecoveryArgs): Promise<{ run: Captured; outputs: Record<string, unknown> }> {
  let outputs: Record<string, unknown> = {};
  const run = await runComponent(async () => {
    const r = new Recovery("recovery", args);
    outputs = {
      vaultName: await unwrap(r.vaultName),
      backupRoleArn: await unwrap(r.backupRoleArn),
      isolationSecurityGroupId: await unwrap(r.isolationSecurityGroupId),
    };
  });
  return { run, outputs };
}

describe("Recovery", () => {
  let run: Captured;
  let outputs: Record<string, unknown>;
  before(async () => {
    ({ run, outputs } = await build(ARGS));
  });

  test("exact children, all parented to the component", () => {
    const component = run.one("rampart:operations:Recovery");
    assert.deepEqual(
      run
        .childrenOf(component)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "aws:backup/plan:Plan recovery-consent",
        "aws:backup/plan:Plan recovery-models",
        "aws:backup/plan:Plan recovery-volumes",
        "aws:backup/selection:Selection recovery-consent-selection",
        "aws:backup/selection:Selection recovery-models-selection",
        "aws:backup/selection:Selection recovery-volumes-selection",
        "aws:backup/vault:Vault recovery-vault",
        "aws:backup/vaultLockConfiguration:VaultLockConfiguration recovery-vault-lock",
        "aws:cloudwatch/eventRule:EventRule recovery-job-failed",
        "aws:cloudwatch/eventTarget:EventTarget recovery-job-failed-target",
        "aws:ec2/securityGroup:SecurityGroup recovery-isolation",
        "aws:iam/role:Role recovery-backup-role",
        "aws:iam/rolePolicy:RolePolicy recovery-backup-role-kms",
        "aws:iam/rolePolicy:RolePolicy recovery-backup-role-s3",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment recovery-backup-role-managed-0",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment recovery-backup-role-managed-1",
      ],
    );
    assert.equal(outputs.vaultName, "rampart-prod-backups");
  });

  test("vault: the backups key, never force-destroyed, protected; compliance lock with the default grace", () => {
    const vault = run.named("recovery-vault");
    assert.deepEqual(
      [input(vault).name, input(vault).kmsKeyArn, input(vault).forceDestroy, vault.protect],
      ["rampart-prod-backups", BACKUPS_KEY, false, true],
    );
    const lock = run.named("recovery-vault-lock");
    assert.deepEqual(input(lock), {
      backupVaultName: "rampart-prod-backups",
      minRetentionDays: 7,
      maxRetentionDays: 365,
      changeableForDays: 3,
    });
    assert.equal(lock.protect, true);
  });

  test("plans: one rule each, expiring with the retention, copies expiring alike, after the lock", () => {
    const volumes = run.named("recovery-volumes");
    assert.deepEqual(input(volumes).rules, [
      {
        ruleName: "volumes-35d",
        targetVaultName: "rampart-prod-backups",
        schedule: "cron(0 3 * * ? *)",
        lifecycle: { deleteAfter: 35 },
        recoveryPointTags: { "rampart:backup-class": "volumes" },
        copyActions: [{ destinationVaultArn: DR_VAULT, lifecycle: { deleteAfter: 35 } }],
      },
    ]);
    assert.equal(input(volumes).name, "rampart-prod-volumes");
    assert.ok(volumes.dependencies.includes(run.named("recovery-vault-lock").urn));
    assert.deepEqual(input(run.named("recovery-models")).rules[0].lifecycle, { deleteAfter: 180 });
  });

  test("selections: the backup role, every resource restricted by the class tag", () => {
    for (const cls of ["volumes", "consent", "models"]) {
      const i = input(run.named(`recovery-${cls}-selection`));
      assert.equal(i.iamRoleArn, outputs.backupRoleArn);
      assert.deepEqual(i.resources, ["*"]);
      assert.deepEqual(i.conditions, [
        { stringEquals: [{ key: "aws:ResourceTag/rampart:backup-class", value: cls }] },
      ]);
    }
  });

  test("role: <namePrefix>-backup, trusted by AWS Backup for this account, managed + KMS + model-store S3 policies", () => {
    const role = input(run.named("recovery-backup-role"));
    assert.equal(role.name, "rampart-prod-backup");
    const trust = json(role.assumeRolePolicy);
    assert.deepEqual(trust.Statement[0].Principal, { Service: "backup.amazonaws.com" });
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    assert.deepEqual(
      run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => input(r).policyArn),
      [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ],
    );
    // S3 on the model store's buckets only, never AWS's S3 pair (every bucket, every key through S3).
    const s3 = json(input(run.named("recovery-backup-role-s3")).policy);
    assert.equal(
      s3.Statement.find((st: any) => st.Sid === "ModelStoreObjects").Resource,
      "arn:aws:s3:::rampart-prod-models-*/*",
    );
    const kms = json(input(run.named("recovery-backup-role-kms")).policy);
    assert.deepEqual(
      kms.Statement.map((s: any) => [s.Sid, s.Resource]),
      [
        ["VaultKeyThroughBackup", BACKUPS_KEY],
        ["SourceKeysThroughTheirServices", [VOLUMES_KEY]],
        ["SourceKeyGrantsForAwsResources", [VOLUMES_KEY]],
      ],
    );
  });

  test("failed jobs go to the alert topic", () => {
    const rule = input(run.named("recovery-job-failed"));
    assert.equal(rule.name, "rampart-prod-backup-job-failed");
    assert.deepEqual(json(rule.eventPattern).detail.$or, [
      { state: ["FAILED", "ABORTED", "EXPIRED"] },
      { status: ["FAILED", "ABORTED", "EXPIRED"] },
    ]);
    const target = input(run.named("recovery-job-failed-target"));
    assert.deepEqual([target.rule, target.arn], ["rampart-prod-backup-job-failed", TOPIC]);
  });

  test("isolation group: in the VPC, no rule in, none out", () => {
    const sg = input(run.named("recovery-isolation"));
    assert.deepEqual(
      [sg.name, sg.vpcId, sg.ingress, sg.egress, sg.tags.Name],
      ["rampart-prod-isolation", "vpc-0abc", [], [], "rampart-prod-isolation"],
    );
    assert.match(sg.description, /attach only to contain a compromised instance \(docs\/runbooks\/\)/);
    assert.equal(
      run.ofType("aws:ec2/securityGroupRule:SecurityGroupRule").length +
        run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").length,
      0,
    );
  });

  test("governance lock has no grace period; no topic, no rule; no models plan, no S3 policies", async () => {
    const { run: r } = await build({
      ...ARGS,
      vaultLock: { mode: "governance", minRetentionDays: 1, maxRetentionDays: 35 },
      plans: { volumes: { schedule: "cron(0 3 * * ? *)", retentionDays: 7 } },
      alertTopicArn: undefined,
      sourceKeyArns: undefined,
      protect: false,
    });
    assert.deepEqual(input(r.named("recovery-vault-lock")), {
      backupVaultName: "rampart-prod-backups",
      minRetentionDays: 1,
      maxRetentionDays: 35,
    });
    assert.equal(r.named("recovery-vault").protect, false);
    assert.equal(r.ofType("aws:cloudwatch/eventRule:EventRule").length, 0);
    assert.equal(r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 2);
    assert.equal(r.ofType("aws:backup/plan:Plan").length, 1);
  });

  test("no lock: no lock resource", async () => {
    const { run: r } = await build({ ...ARGS, vaultLock: undefined });
    assert.equal(r.ofType("aws:backup/vaultLockConfiguration:VaultLockConfiguration").length, 0);
  });

  test("bad arguments: one error listing every problem, before any child", async () => {
    await assert.rejects(
      build({ ...ARGS, plans: { volumes: { schedule: "rate(1 day)", retentionDays: 1 } } }),
      (err: Error) => {
        assert.match(err.message, /^Recovery recovery: invalid arguments \(2 problems\):/);
        assert.match(err.message, /plans\.volumes\.schedule: "rate\(1 day\)" is a rate expression/);
        assert.match(err.message, /plans\.volumes\.retentionDays: 1 is outside the vault lock's bounds/);
        return true;
      },
    );
  });
});
