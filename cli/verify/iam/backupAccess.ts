import { backupRoleName } from "../../../components/operations/recovery.args";
import type { AccessCase } from "./cases";
import type { ExportResource } from "./types";

/**
 * Access cases of Recovery's backup role (components/operations/recovery.ts), derived from the export:
 * the role named `<prefix>-backup` trusted by AWS Backup, and the KMS keys tagged `rampart:data-class`.
 * AWS Backup uses the keys as that role: the vault's `backups` key through AWS Backup (S3 and advanced
 * DynamoDB recovery points), the sources' keys through the service holding the data (EBS snapshots
 * through EC2, the consent table through DynamoDB, the model store through S3), grants for EBS only for
 * AWS resources. It must not use a key outside a service, nor a key of a class it does not back up.
 * For the lead to wire into defaultCases.ts.
 */

const CITE = {
  encryption: "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html",
  viaService:
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
  ebs: "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html#ebs-encryption-permissions",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const field = (r: ExportResource, k: string) => r.outputs?.[k] ?? r.inputs?.[k];
const tagOf = (r: ExportResource, k: string) =>
  (field(r, "tags") as Record<string, unknown> | undefined)?.[k] ??
  (field(r, "tagsAll") as Record<string, unknown> | undefined)?.[k];
const isBackupRole = (r: ExportResource) =>
  r.type === "aws:iam/role:Role" &&
  (str(field(r, "name")) ?? "").endsWith(backupRoleName("")) &&
  JSON.stringify(field(r, "assumeRolePolicy") ?? "").includes("backup.amazonaws.com");

/** Which service uses each source class's key for AWS Backup, and the class of key the vault uses. */
const SOURCE_SERVICE: Readonly<Record<string, string>> = {
  volumes: "ec2",
  privacy: "dynamodb",
  models: "s3",
};

export function backupAccess(resources: readonly ExportResource[]): AccessCase[] {
  const keyOf = (cls: string) =>
    resources
      .filter((r) => r.type === "aws:kms/key:Key" && tagOf(r, "rampart:data-class") === cls)
      .map((r) => str(field(r, "arn")))
      .filter((a): a is string => a !== undefined);
  const roles = resources
    .filter(isBackupRole)
    .map((r) => str(field(r, "arn")))
    .filter((a): a is string => a !== undefined);
  const cases: AccessCase[] = [];
  for (const role of roles) {
    const region = (k: string) => k.split(":")[3] ?? "";
    for (const key of keyOf("backups")) {
      const via = `backup.${region(key)}.amazonaws.com`;
      for (const action of ["kms:GenerateDataKey", "kms:Decrypt"])
        cases.push({
          id: `backup-role/vault-key/${action}`,
          description: `AWS Backup ${action === "kms:Decrypt" ? "reads" : "writes"} recovery points with the vault's key as the backup role`,
          principal: { role },
          action,
          resource: key,
          context: { "kms:ViaService": via },
          expect: "allow",
          cite: CITE.encryption,
        });
      cases.push({
        id: "backup-role/vault-key/outside-backup",
        description: "The backup role cannot decrypt with the vault's key outside AWS Backup",
        principal: { role },
        action: "kms:Decrypt",
        resource: key,
        expect: "deny",
        cite: CITE.viaService,
      });
    }
    for (const [cls, service] of Object.entries(SOURCE_SERVICE))
      for (const key of keyOf(cls)) {
        const via = `${service}.${region(key)}.amazonaws.com`;
        cases.push({
          id: `backup-role/${cls}-key/decrypt-via-${service}`,
          description: `AWS Backup reads the ${cls} class through ${service} as the backup role`,
          principal: { role },
          action: "kms:Decrypt",
          resource: key,
          context: { "kms:ViaService": via },
          expect: "allow",
          cite: CITE.encryption,
        });
        cases.push({
          id: `backup-role/${cls}-key/outside-${service}`,
          description: `The backup role cannot decrypt with the ${cls} key directly`,
          principal: { role },
          action: "kms:Decrypt",
          resource: key,
          expect: "deny",
          cite: CITE.viaService,
        });
        if (service === "ec2")
          cases.push({
            id: `backup-role/${cls}-key/grant-for-ebs`,
            description: "EBS snapshot copies and restores create grants for the volume, as the backup role",
            principal: { role },
            action: "kms:CreateGrant",
            resource: key,
            context: { "kms:ViaService": via, "kms:GrantIsForAWSResource": true },
            expect: "allow",
            cite: CITE.ebs,
          });
      }
    // Not the SIEM key: its policy admits account principals through S3, and AWS's
    // AWSBackupServiceRolePolicyForS3Backup (attached when the models class has a plan) allows
    // kms:Decrypt on every key through S3, so AWS would allow it (README "Recovery", known limit).
    for (const key of [...keyOf("vault"), ...keyOf("cluster")])
      cases.push({
        id: `backup-role/not-backed-up/${key.split("/").pop()}`,
        description: "The backup role cannot use the keys of classes it does not back up",
        principal: { role },
        action: "kms:Decrypt",
        resource: key,
        context: { "kms:ViaService": `s3.${region(key)}.amazonaws.com` },
        expect: "deny",
        cite: CITE.viaService,
      });
  }
  return cases;
}
