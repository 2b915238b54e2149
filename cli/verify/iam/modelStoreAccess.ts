import { accessRoleName } from "../../../components/identity/accessControl.iam.logic";
import { backupRoleName } from "../../../components/operations/recovery.args";
import { modelServerRoleName } from "../../../components/workloads/modelServer.args";
import type { AccessCase, CasePrincipal } from "./cases";
import { buildWorld, type RoleInfo } from "./model";
import type { ExportResource } from "./types";

/**
 * Access cases of the model store (SupplyChain's model bucket), derived from the export. The bucket is
 * found by its tag (`rampart:data-class=models` on an `aws:s3/bucket:Bucket`), `<namePrefix>` from its
 * `bucketPrefix` (`<namePrefix>-models-`) or its name, its key from its default encryption.
 *
 * - model-management's access role (`<namePrefix>-access-model-management`) writes new versions, with
 *   the bucket's default encryption or SSE-KMS under the `models` key; not with other encryption, another
 *   key, or without TLS.
 * - each model server role in the export (`<namePrefix>-model-<name>`) reads under its model's prefix
 *   and nowhere else, and never writes or deletes. Its prefix is read from its own identity policy (the
 *   object ARNs of the bucket its `s3:GetObject` statements name): keep it simple, the role's policy is
 *   what decides, and ModelServer writes one prefix per role.
 * - inference-only's access role neither writes nor reads model files.
 * - the bucket policy alone refuses: a role of this account outside the writers whose IAM allows
 *   `s3:*` may not write, delete or read; AWS Backup's role (`<namePrefix>-backup`) may read but not
 *   write; another account and a service principal may do neither.
 * Server access logs are written to the log bucket by `logging.s3.amazonaws.com` (its policy is checked
 * by the policy pack and the component tests, not here).
 */

const OTHER_ACCOUNT = "111122223333";

const CITE = {
  tls: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
  sseKms:
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html#require-sse-kms",
  defaultEncryption: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
  principalArn:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn",
  evaluation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
  crossAccount:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html",
  backup: "https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html",
  kmsVia:
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const out = (r: ExportResource, k: string) => str(r.outputs?.[k]) ?? str(r.inputs[k]);
const tagOf = (r: ExportResource, key: string) =>
  (r.inputs.tags as Record<string, unknown> | undefined)?.[key];
const TLS = { "aws:SecureTransport": true, "s3:TlsVersion": 1.3 };

interface ModelBucket {
  readonly name: string;
  readonly arn: string;
  readonly namePrefix: string;
  readonly keyArn?: string;
}

/** The model buckets of the export with their `<namePrefix>` and default KMS key. */
export function modelBucketsOf(resources: readonly ExportResource[]): ModelBucket[] {
  const sse = resources.filter(
    (r) =>
      r.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  );
  return resources
    .filter((r) => r.type === "aws:s3/bucket:Bucket" && tagOf(r, "rampart:data-class") === "models")
    .flatMap((r) => {
      const name = out(r, "bucket");
      if (!name) return [];
      const namePrefix =
        /^(.+)-models-$/.exec(str(r.inputs.bucketPrefix) ?? "")?.[1] ?? /^(.+)-models-/.exec(name)?.[1];
      if (!namePrefix) return [];
      const rules = (sse.find((e) => e.inputs.bucket === name)?.inputs.rules ?? []) as {
        applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: unknown };
      }[];
      const keyArn = str(rules[0]?.applyServerSideEncryptionByDefault?.kmsMasterKeyId);
      return [{ name, arn: out(r, "arn") ?? `arn:aws:s3:::${name}`, namePrefix, keyArn }];
    });
}

/**
 * The object-key prefixes of `bucket` a role's identity policies let it `s3:GetObject` (from resources
 * `arn:…:s3:::<bucket>/<prefix>*`); empty when they name none.
 */
export function readPrefixesOf(role: RoleInfo, bucket: ModelBucket): string[] {
  const prefixes = new Set<string>();
  for (const doc of role.identity)
    for (const s of doc.document.statements) {
      if (s.effect !== "Allow" || !(s.action ?? []).some((a) => /^s3:GetObject(\*)?$/i.test(a))) continue;
      for (const r of s.resource ?? []) {
        const m = /^arn:[\w-]+:s3:::([^/]+)\/(.*)\*$/.exec(r);
        if (m && m[1] === bucket.name && m[2] !== "") prefixes.add(m[2]!);
      }
    }
  return [...prefixes].sort();
}

export function modelStoreAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const acct = world.account ?? "000000000000";
  const region = world.region ?? "us-east-1";
  const cases: AccessCase[] = [];
  for (const b of modelBucketsOf(resources)) {
    const object = (key: string) => `${b.arn}/${key}`;
    const roleArn = (name: string) => `arn:aws:iam::${acct}:role/${name}`;
    const add = (
      id: string,
      principal: CasePrincipal,
      action: string,
      resource: string,
      expect: "allow" | "deny",
      cite: string,
      description: string,
      context: Record<string, string | boolean | number> = TLS,
    ) =>
      cases.push({
        id: `model-store/${b.name}/${id}`,
        description,
        principal,
        action,
        resource,
        resourceAccount: acct,
        context,
        expect,
        cite,
      });

    // The writers: model-management's access role, when it is in the export.
    const manager = world.findRole(accessRoleName(b.namePrefix, "model-management"));
    if (manager) {
      const who = { role: manager.arn };
      const key = object("llama/v2/model.safetensors");
      add(
        "model-management/put-default-encryption",
        who,
        "s3:PutObject",
        key,
        "allow",
        CITE.defaultEncryption,
        "model-management uploads a model file (the bucket's default encryption applies)",
      );
      if (b.keyArn) {
        const sse = {
          "s3:x-amz-server-side-encryption": "aws:kms",
          "s3:x-amz-server-side-encryption-aws-kms-key-id": b.keyArn,
        };
        add(
          "model-management/put-models-key",
          who,
          "s3:PutObject",
          key,
          "allow",
          CITE.sseKms,
          "model-management uploads with SSE-KMS under the models key",
          { ...TLS, ...sse },
        );
        add(
          "model-management/put-other-key",
          who,
          "s3:PutObject",
          key,
          "deny",
          CITE.sseKms,
          "an upload under another KMS key is refused",
          {
            ...TLS,
            ...sse,
            "s3:x-amz-server-side-encryption-aws-kms-key-id": `arn:aws:kms:${region}:${acct}:key/other`,
          },
        );
      }
      add(
        "model-management/put-sse-s3",
        who,
        "s3:PutObject",
        key,
        "deny",
        CITE.sseKms,
        "an upload with SSE-S3 instead of the models key is refused",
        { ...TLS, "s3:x-amz-server-side-encryption": "AES256" },
      );
      add(
        "model-management/put-no-tls",
        who,
        "s3:PutObject",
        key,
        "deny",
        CITE.tls,
        "an upload without TLS is refused",
        { "aws:SecureTransport": false },
      );
    }

    // Model servers: their own prefix only, read only.
    const serverPrefix = `${modelServerRoleName(b.namePrefix, "")}`;
    for (const role of world.roles.filter((r) => r.name.startsWith(serverPrefix))) {
      const server = role.name.slice(serverPrefix.length);
      const who = { role: role.arn };
      const prefixes = readPrefixesOf(role, b);
      for (const prefix of prefixes) {
        const file = object(`${prefix}config.json`);
        add(
          `model-server/${server}/get-own-prefix/${prefix}`,
          who,
          "s3:GetObject",
          file,
          "allow",
          CITE.evaluation,
          `model server ${server} reads its model under ${prefix}`,
        );
        add(
          `model-server/${server}/put-own-prefix/${prefix}`,
          who,
          "s3:PutObject",
          file,
          "deny",
          CITE.principalArn,
          `model server ${server} must not write, even under its own prefix`,
        );
        add(
          `model-server/${server}/delete-own-prefix/${prefix}`,
          who,
          "s3:DeleteObject",
          file,
          "deny",
          CITE.principalArn,
          `model server ${server} must not delete a model file`,
        );
        if (b.keyArn)
          cases.push({
            id: `model-store/${b.name}/model-server/${server}/kms:Decrypt`,
            description: `model server ${server} decrypts its model's data key through S3`,
            principal: who,
            action: "kms:Decrypt",
            resource: b.keyArn,
            context: { "kms:ViaService": `s3.${region}.amazonaws.com`, "kms:CallerAccount": acct },
            expect: "allow",
            cite: CITE.kmsVia,
          });
      }
      const elsewhere = `rampart-verify-other-model/${prefixes[0] ?? ""}config.json`;
      add(
        `model-server/${server}/get-other-prefix`,
        who,
        "s3:GetObject",
        object(elsewhere),
        "deny",
        CITE.evaluation,
        `model server ${server} must not read another model's prefix`,
      );
    }

    // inference-only: no model files at all.
    const inference = world.findRole(accessRoleName(b.namePrefix, "inference-only"));
    if (inference) {
      const who = { role: inference.arn };
      add(
        "inference-only/put",
        who,
        "s3:PutObject",
        object("llama/v2/model.safetensors"),
        "deny",
        CITE.principalArn,
        "inference-only must not upload a model",
      );
      add(
        "inference-only/get",
        who,
        "s3:GetObject",
        object("llama/v2/model.safetensors"),
        "deny",
        CITE.principalArn,
        "inference-only must not read model weights",
      );
    }

    // The bucket policy on its own: roles whose IAM allows s3:* are held by it.
    const admin = { arn: roleArn(`${b.namePrefix}-verify-s3-admin`), assumeIdentityAllows: true };
    add(
      "outside-writers/put",
      admin,
      "s3:PutObject",
      object("llama/v2/model.safetensors"),
      "deny",
      CITE.principalArn,
      "a role outside the writers, with s3:* in its IAM policy, must not write a model version",
    );
    add(
      "outside-writers/delete-version",
      admin,
      "s3:DeleteObjectVersion",
      object("llama/v2/model.safetensors"),
      "deny",
      CITE.principalArn,
      "a role outside the writers must not delete a model version",
      { ...TLS, "s3:versionid": "v1" },
    );
    add(
      "outside-writers/bypass-governance",
      admin,
      "s3:BypassGovernanceRetention",
      object("llama/v2/model.safetensors"),
      "deny",
      CITE.principalArn,
      "a role outside the writers must not bypass GOVERNANCE retention",
    );
    add(
      "outside-readers/get",
      admin,
      "s3:GetObject",
      object("llama/v2/model.safetensors"),
      "deny",
      CITE.principalArn,
      "a role outside the readers, with s3:* in its IAM policy, must not read model weights",
    );
    const backup = { arn: roleArn(backupRoleName(b.namePrefix)), assumeIdentityAllows: true };
    add(
      "backup/get",
      backup,
      "s3:GetObject",
      object("llama/v2/model.safetensors"),
      "allow",
      CITE.backup,
      "AWS Backup's role reads objects to back them up",
    );
    add(
      "backup/put",
      backup,
      "s3:PutObject",
      object("llama/v2/model.safetensors"),
      "deny",
      CITE.principalArn,
      "AWS Backup's role must not write into the model store (restores go to a new bucket)",
    );
    add(
      "other-account/put",
      { account: OTHER_ACCOUNT },
      "s3:PutObject",
      object("x"),
      "deny",
      CITE.crossAccount,
      `account ${OTHER_ACCOUNT} must not write a model`,
    );
    add(
      "other-account/get",
      { account: OTHER_ACCOUNT },
      "s3:GetObject",
      object("x"),
      "deny",
      CITE.crossAccount,
      `account ${OTHER_ACCOUNT} must not read a model`,
    );
    add(
      "service/put",
      { service: "logging.s3.amazonaws.com" },
      "s3:PutObject",
      object("x"),
      "deny",
      CITE.principalArn,
      "no AWS service principal writes into the model store (access logs go to their own bucket)",
    );
  }
  return cases;
}
