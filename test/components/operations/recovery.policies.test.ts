import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { Recovery, type RecoveryArgs } from "../../../components/operations/recovery";
import { policyTypes } from "../../../policy-pack/lib/policy";
import { policies } from "../../../policy-pack/policies";
import { plain, runComponent } from "../../helpers/harness";
import { type StackResourceUnderTest, validate, validateStack } from "../../policies/helpers/policyHarness";

/**
 * "Our own resources pass our policies": Recovery's resources, as the mock runtime captures them, through
 * the whole pack with each stack's policy config; every mandatory finding fails the test.
 */
const ARGS: RecoveryArgs = {
  namePrefix: "rampart-prod",
  backupsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/backups",
  sourceKeyArns: ["arn:aws:kms:us-east-1:123456789012:key/volumes"],
  vaultLock: { mode: "compliance", minRetentionDays: 7, maxRetentionDays: 365 },
  plans: {
    volumes: {
      schedule: "cron(0 3 * * ? *)",
      retentionDays: 35,
      copyToVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:dr",
    },
    consent: { schedule: "cron(0 4 * * ? *)", retentionDays: 90 },
    models: { schedule: "cron(0 5 ? * SUN *)", retentionDays: 180 },
  },
  vpcId: "vpc-0abc",
  alertTopicArn: "arn:aws:sns:us-east-1:123456789012:rampart-prod-alerts",
};

const configOf = (stack: string) =>
  JSON.parse(
    fs.readFileSync(path.resolve(__dirname, `../../../policy-pack/config/${stack}.json`), "utf8"),
  ) as Record<string, any>;
const levelOf = (e: unknown) =>
  typeof e === "string" ? e : (e as { enforcementLevel?: string })?.enforcementLevel;
const cfgOf = (e: unknown) => {
  if (typeof e !== "object" || e === null) return {};
  const { enforcementLevel: _, ...rest } = e as Record<string, unknown>;
  return rest;
};

async function mandatoryFindings(stack: "dev" | "prod", args: RecoveryArgs): Promise<string[]> {
  const run = await runComponent(() => new Recovery("recovery", args), { stack });
  const resources: StackResourceUnderTest[] = run.registered
    .filter((r) => r.custom)
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: plain<Record<string, any>>(r.inputs),
      dependencyUrns: [...(r.dependencies ?? [])].filter((u) => run.byUrn(u)?.custom),
    }));
  const config = configOf(stack);
  const out: string[] = [];
  for (const p of policies) {
    if (levelOf(config[p.name]) !== "mandatory") continue;
    const cfg = cfgOf(config[p.name]);
    if ("validateStack" in p) {
      for (const v of await validateStack(p, resources, cfg)) out.push(`${p.name}: ${v.message}`);
      continue;
    }
    const types = policyTypes(p);
    for (const r of resources) {
      if (typeof types === "function" ? !types(r.type) : !types?.includes(r.type)) continue;
      const o = await validate(p, r, cfg);
      for (const m of o.violations) out.push(`${p.name} (${r.name}): ${m}`);
    }
  }
  return out;
}

test("prod: a compliance-locked Recovery has no mandatory finding", async () => {
  assert.deepEqual(await mandatoryFindings("prod", ARGS), []);
});

test("dev: a governance-mode lock is only advisory; prod refuses it", async () => {
  const governance = {
    ...ARGS,
    vaultLock: { mode: "governance" as const, minRetentionDays: 1, maxRetentionDays: 365 },
  };
  assert.deepEqual(await mandatoryFindings("dev", governance), []);
  assert.deepEqual(await mandatoryFindings("prod", governance), [
    "aws-backup-vaultlockconfiguration-require-compliance-mode (recovery-vault-lock): Backup vault lock is in governance mode (no changeableForDays), which can be removed: set changeableForDays (at least 3) for compliance mode.",
  ]);
});

test("no lock: the vault-lock policy fires", async () => {
  const findings = await mandatoryFindings("prod", { ...ARGS, vaultLock: undefined });
  assert.deepEqual(findings, [
    'aws-backup-vault-require-lock: Backup vault "recovery-vault" has no vault lock: add an aws.backup.VaultLockConfiguration with backupVaultName set to it.',
  ]);
});
