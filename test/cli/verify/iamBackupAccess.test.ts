import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { lintPolicyDocuments, parseAccessCases, verifyAccess } from "../../../cli/verify/iam";
import { backupAccess } from "../../../cli/verify/iam/backupAccess";
import type { ExportResource } from "../../../cli/verify/iam/types";
import { Recovery } from "../../../components/operations/recovery";
import { KeyRing } from "../../../components/security/keyRing";
import { flattenConfig, runComponent, stackConfig } from "../../helpers/harness";

/**
 * The backup role against the KeyRing's real key policies, on an export built from KeyRing + Recovery
 * under mocks: AWS Backup can use each key it needs through its service, and nothing else. Then the same
 * export without the role's KMS policy: the allow cases must fail (the key policies alone do not admit it).
 */

async function exportOf(withSourceKeys: boolean): Promise<ExportResource[]> {
  const run = await runComponent(() => {
    const ring = new KeyRing("keys", { stack: "dev", namePrefix: "rampart-dev" });
    new Recovery("recovery", {
      namePrefix: "rampart-dev",
      backupsKeyArn: ring.keyArns.backups,
      sourceKeyArns: withSourceKeys ? [ring.keyArns.volumes, ring.keyArns.privacy, ring.keyArns.models] : [],
      vaultLock: { mode: "governance", minRetentionDays: 1, maxRetentionDays: 365 },
      plans: {
        volumes: { schedule: "cron(0 3 * * ? *)", retentionDays: 7 },
        consent: { schedule: "cron(0 4 * * ? *)", retentionDays: 35 },
        models: { schedule: "cron(0 5 ? * SUN *)", retentionDays: 35 },
      },
      vpcId: "vpc-0abc",
      protect: false,
    });
  });
  const config = flattenConfig(stackConfig("dev"));
  return toStackExport(run.resources, { project: PROJECT, stack: "dev", config }).deployment.resources;
}

describe("backup role access cases", () => {
  let resources: ExportResource[];
  before(async () => {
    resources = await exportOf(true);
  });

  test("every policy document is well-formed, with actions and condition keys AWS knows", () => {
    assert.deepEqual(lintPolicyDocuments(resources), []);
  });

  test("cases are data in the documented format, cite their source, and cover each key", () => {
    const cases = backupAccess(resources);
    assert.deepEqual(parseAccessCases(JSON.parse(JSON.stringify(cases))), JSON.parse(JSON.stringify(cases)));
    assert.ok(cases.every((c) => /^https:\/\//.test(c.cite)));
    for (const id of [
      "backup-role/vault-key/kms:GenerateDataKey",
      "backup-role/vault-key/outside-backup",
      "backup-role/volumes-key/decrypt-via-ec2",
      "backup-role/volumes-key/grant-for-ebs",
      "backup-role/privacy-key/decrypt-via-dynamodb",
      "backup-role/models-key/decrypt-via-s3",
      "backup-role/models-key/outside-s3",
    ])
      assert.ok(
        cases.some((c) => c.id === id),
        `no case ${id}`,
      );
    assert.ok(cases.some((c) => c.id.startsWith("backup-role/not-backed-up/")));
  });

  test("every case gets the expected verdict", () => {
    const failures = verifyAccess(resources, backupAccess(resources))
      .filter((v) => !v.pass)
      .map((v) => `${v.id}: expected ${v.expect}, got ${v.verdict} (${v.reason})`);
    assert.deepEqual(failures, []);
  });

  test("without the source keys in the role's policy, reading the sources is not allowed", async () => {
    const bare = await exportOf(false);
    const failing = verifyAccess(bare, backupAccess(bare))
      .filter((v) => !v.pass)
      .map((v) => v.id)
      .sort();
    assert.deepEqual(failing, [
      "backup-role/models-key/decrypt-via-s3",
      "backup-role/privacy-key/decrypt-via-dynamodb",
      "backup-role/volumes-key/decrypt-via-ec2",
      "backup-role/volumes-key/grant-for-ebs",
    ]);
  });
});
