import type { AccessCase, CasePrincipal } from "./cases";
import { buildWorld, type World } from "./model";
import type { ExportResource } from "./types";

/**
 * Access cases for PrivacyControls' data, derived from the export: the transcript bucket and the
 * consent ledger (found by their `rampart:data-class` tag, so a user's own bucket or table tagged the
 * same way is checked the same way). Writers store and read, auditors read metadata and consent only,
 * and any other principal of the account is refused by the resource's own policy even when its IAM
 * policies allow everything ("assumed to allow"), while administrators keep managing the table.
 */

/** A principal of our account that is neither writer nor auditor, whose IAM policies allow everything. */
export const OTHER_ROLE_NAME = "rampart-verify-other-role";

const CITE = {
  s3Policy: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
  s3Tls: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
  s3TlsVersion:
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-tls-version",
  s3Kms: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html",
  s3Put: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html",
  s3KmsKey:
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html ; https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html",
  s3Attributes: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html",
  ddbPolicy:
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-auth-iam-id-based-policies-DDB.html",
  ddbPutPolicy: "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html",
  sameAccount: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const urnName = (urn: string) => urn.split("::").pop() ?? urn;
const dataClass = (r: ExportResource) =>
  (r.inputs.tags as Record<string, unknown> | undefined)?.["rampart:data-class"];

/** Principals named by the Allow statement with this Sid in a resource's policy. */
function allowed(world: World, arn: string, sid: string): string[] {
  const policy = world.resourcePolicy(arn);
  if (!policy || policy === "none") return [];
  return policy.document.statements
    .filter((s) => s.effect === "Allow" && s.sid === sid)
    .flatMap((s) => [...(s.principal?.aws ?? [])]);
}

/** A role of the export calls with its own policies; one outside the export is assumed to allow. */
function principalOf(world: World, arn: string): CasePrincipal {
  return world.findRole(arn) ? { role: arn } : { arn, assumeIdentityAllows: true };
}

/** The key the bucket's default encryption uses, if the export holds its configuration. */
function bucketKey(resources: readonly ExportResource[], bucketName: string | undefined): string | undefined {
  const sse = resources.find(
    (r) =>
      r.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration" &&
      r.inputs.bucket === bucketName,
  );
  const rules = sse?.inputs.rules as
    { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: unknown } }[] | undefined;
  return str(rules?.[0]?.applyServerSideEncryptionByDefault?.kmsMasterKeyId);
}

export function privacyAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const acct = world.account ?? "000000000000";
  const region = world.region ?? "us-east-1";
  const other: CasePrincipal = {
    arn: `arn:aws:iam::${acct}:role/${OTHER_ROLE_NAME}`,
    assumeIdentityAllows: true,
  };
  const cases: AccessCase[] = [];
  const add = (c: AccessCase) => cases.push(c);
  const tls = { "aws:SecureTransport": true, "s3:TlsVersion": "1.3" };

  for (const b of resources.filter(
    (r) => r.type === "aws:s3/bucket:Bucket" && dataClass(r) === "transcripts",
  )) {
    const arn = str(b.outputs?.arn);
    if (!arn) continue;
    const name = urnName(b.urn);
    const object = `${arn}/transcripts/subject-hash/conversation.json`;
    const keyArn = bucketKey(resources, str(b.outputs?.bucket));
    const withKey: Record<string, string> = keyArn
      ? {
          "s3:x-amz-server-side-encryption": "aws:kms",
          "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn,
        }
      : {};
    for (const writer of allowed(world, arn, "WritersStoreReadDelete")) {
      const principal = principalOf(world, writer);
      const id = `transcripts/${name}/writer/${writer.split("/").pop()}`;
      add({
        id: `${id}/put`,
        description: "a writer stores a transcript over TLS 1.3 with SSE-KMS under the privacy key",
        principal,
        action: "s3:PutObject",
        resource: object,
        context: { ...tls, ...withKey },
        expect: "allow",
        cite: CITE.s3Kms,
      });
      add({
        id: `${id}/put-default-encryption`,
        description: "a writer stores a transcript naming no key: the bucket default (our key) applies",
        principal,
        action: "s3:PutObject",
        resource: object,
        context: tls,
        expect: "allow",
        cite: CITE.s3Kms,
      });
      // With SSE-KMS the caller's own permission on the key is needed too (S3 calls KMS as the caller);
      // with bucket keys the encryption context is the bucket's ARN. Decided when the key is in the export.
      if (keyArn && world.owns(keyArn)) {
        for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
          add({
            id: `${id}/key/${action}`,
            description: `a writer ${action} with the privacy key through S3 for the transcript bucket`,
            principal,
            action,
            resource: keyArn,
            context: {
              "kms:ViaService": `s3.${region}.amazonaws.com`,
              "kms:EncryptionContext:aws:s3:arn": arn,
            },
            expect: "allow",
            cite: CITE.s3KmsKey,
          });
        }
      }
      add({
        id: `${id}/put-sse-s3`,
        description: "a writer must not store a transcript under SSE-S3 instead of our key",
        principal,
        action: "s3:PutObject",
        resource: object,
        context: { ...tls, "s3:x-amz-server-side-encryption": "AES256" },
        expect: "deny",
        cite: CITE.s3Kms,
      });
      add({
        id: `${id}/put-other-key`,
        description: "a writer must not store a transcript under another KMS key",
        principal,
        action: "s3:PutObject",
        resource: object,
        context: {
          ...tls,
          "s3:x-amz-server-side-encryption": "aws:kms",
          "s3:x-amz-server-side-encryption-aws-kms-key-id": `arn:aws:kms:us-east-1:${acct}:key/not-ours`,
        },
        expect: "deny",
        cite: CITE.s3Kms,
      });
      add({
        id: `${id}/put-aws-managed-key`,
        description:
          "a writer must not store a transcript naming SSE-KMS without a key (the AWS managed key)",
        principal,
        action: "s3:PutObject",
        resource: object,
        context: { ...tls, "s3:x-amz-server-side-encryption": "aws:kms" },
        expect: "deny",
        cite: CITE.s3Put,
      });
      add({
        id: `${id}/put-plaintext-http`,
        description: "a writer must not store a transcript without TLS",
        principal,
        action: "s3:PutObject",
        resource: object,
        context: { ...withKey, "aws:SecureTransport": false },
        expect: "deny",
        cite: CITE.s3Tls,
      });
      add({
        id: `${id}/get-tls-1.1`,
        description: "a writer must not read a transcript over TLS 1.1",
        principal,
        action: "s3:GetObject",
        resource: object,
        context: { "aws:SecureTransport": true, "s3:TlsVersion": "1.1" },
        expect: "deny",
        cite: CITE.s3TlsVersion,
      });
    }
    for (const auditor of allowed(world, arn, "AuditorsList")) {
      const principal = principalOf(world, auditor);
      const id = `transcripts/${name}/auditor/${auditor.split("/").pop()}`;
      add({
        id: `${id}/list-versions`,
        description: "an auditor lists transcripts and their versions (what exists, when it went)",
        principal,
        action: "s3:ListBucketVersions",
        resource: arn,
        context: tls,
        expect: "allow",
        cite: CITE.s3Policy,
      });
      for (const action of ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]) {
        add({
          id: `${id}/${action}`,
          description: `an auditor must not ${action}: metadata only, never content`,
          principal,
          action,
          resource: object,
          context: tls,
          expect: "deny",
          cite: CITE.s3Attributes,
        });
      }
    }
    for (const [action, resource] of [
      ["s3:GetObject", object],
      ["s3:GetObjectVersion", object],
      ["s3:PutObject", object],
      ["s3:DeleteObjectVersion", object],
      ["s3:ListBucket", arn],
    ] as const) {
      add({
        id: `transcripts/${name}/other-role/${action}`,
        description: `another role of the account, whose IAM policies allow everything, must not ${action}: the bucket policy decides`,
        principal: other,
        action,
        resource,
        context: tls,
        expect: "deny",
        cite: CITE.sameAccount,
      });
    }
    add({
      id: `transcripts/${name}/other-role/s3:PutBucketPolicy`,
      description: "the account's administrators still manage the bucket (no lock-out)",
      principal: other,
      action: "s3:PutBucketPolicy",
      resource: arn,
      context: tls,
      expect: "allow",
      cite: CITE.sameAccount,
    });
    add({
      id: `transcripts/${name}/anonymous/s3:GetObject`,
      description: "an anonymous caller must not read a transcript",
      principal: { anonymous: true },
      action: "s3:GetObject",
      resource: object,
      context: tls,
      expect: "deny",
      cite: CITE.s3Policy,
    });
  }

  for (const t of resources.filter(
    (r) => r.type === "aws:dynamodb/table:Table" && dataClass(r) === "consent",
  )) {
    const arn = str(t.outputs?.arn);
    if (!arn) continue;
    const name = urnName(t.urn);
    for (const writer of allowed(world, arn, "WritersReadAndWrite")) {
      const principal = principalOf(world, writer);
      for (const action of ["dynamodb:PutItem", "dynamodb:Query"]) {
        add({
          id: `consent/${name}/writer/${writer.split("/").pop()}/${action}`,
          description: `a writer ${action} on the consent ledger (records and checks consent)`,
          principal,
          action,
          resource: arn,
          expect: "allow",
          cite: CITE.ddbPolicy,
        });
      }
    }
    for (const auditor of allowed(world, arn, "AuditorsRead")) {
      const principal = principalOf(world, auditor);
      const id = `consent/${name}/auditor/${auditor.split("/").pop()}`;
      for (const action of ["dynamodb:GetItem", "dynamodb:Scan"]) {
        add({
          id: `${id}/${action}`,
          description: `an auditor ${action} on the consent ledger`,
          principal,
          action,
          resource: arn,
          expect: "allow",
          cite: CITE.ddbPolicy,
        });
      }
      for (const action of ["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:PartiQLUpdate"]) {
        add({
          id: `${id}/${action}`,
          description: `an auditor must not ${action}: consent is recorded by the application only`,
          principal,
          action,
          resource: arn,
          expect: "deny",
          cite: CITE.ddbPolicy,
        });
      }
    }
    for (const action of [
      "dynamodb:GetItem",
      "dynamodb:Scan",
      "dynamodb:PartiQLSelect",
      "dynamodb:ExportTableToPointInTime",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]) {
      add({
        id: `consent/${name}/other-role/${action}`,
        description: `another role of the account, whose IAM policies allow everything, must not ${action}: the table's policy decides`,
        principal: other,
        action,
        resource: arn,
        expect: "deny",
        cite: CITE.sameAccount,
      });
    }
    // The denies name data actions only: administrators keep the table and its policy.
    for (const action of ["dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:PutResourcePolicy"]) {
      add({
        id: `consent/${name}/admin/${action}`,
        description: `the account's administrators still ${action} (the deny is scoped to the data plane)`,
        principal: other,
        action,
        resource: arn,
        expect: "allow",
        cite: CITE.ddbPutPolicy,
      });
    }
  }
  return cases;
}
