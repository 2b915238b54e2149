import { MANIFEST_FILE } from "../../../components/workloads/modelServer.args";
import type { AccessCase } from "./cases";
import { buildWorld } from "./model";
import type { ExportResource } from "./types";

/**
 * Access cases of ModelServer (components/workloads/modelServer.ts), derived from the export: each role
 * tagged `rampart:component=model-server`, and its inline policy's model prefix (`ReadModelPrefix`) and
 * models key (`DecryptThroughS3`). The role must read its model version's objects and list its prefix
 * (through the S3 gateway endpoint when the VPC has one, so its policy counts too) and decrypt them with
 * the models key through S3 (the key policy must admit it); it must not read another prefix, list the
 * bucket, write, delete or change retention, nor use the key directly. The bucket policy (SupplyChain's)
 * and the key policy (KeyRing's) take part in every verdict.
 * For the lead to wire into defaultCases.ts.
 */

const CITE = {
  s3: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html",
  prefix:
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys",
  via: "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
  sse: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const field = (r: ExportResource, k: string) => r.outputs?.[k] ?? r.inputs?.[k];

interface LooseStatement {
  readonly Sid?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: { readonly StringEquals?: Record<string, unknown> };
}

function statements(policy: unknown): LooseStatement[] {
  try {
    const doc: unknown = typeof policy === "string" ? JSON.parse(policy) : policy;
    const s = (doc as { Statement?: unknown } | undefined)?.Statement;
    return Array.isArray(s) ? (s as LooseStatement[]) : [];
  } catch {
    return [];
  }
}

const first = (v: unknown): string | undefined => str(Array.isArray(v) ? v[0] : v);

export function modelServerAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const viaS3 = world.endpoints.some((e) => e.serviceName.endsWith(".s3")) ? { via: "s3" } : {};
  const cases: AccessCase[] = [];
  const roles = resources.filter(
    (r) =>
      r.type === "aws:iam/role:Role" &&
      (field(r, "tags") as Record<string, unknown> | undefined)?.["rampart:component"] === "model-server",
  );
  for (const role of roles) {
    const arn = str(field(role, "arn"));
    const name = str(field(role, "name"));
    if (!arn || !name) continue;
    const policies = resources.filter(
      (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && field(r, "role") === name,
    );
    const all = policies.flatMap((p) => statements(field(p, "policy")));
    const read = first(all.find((s) => s.Sid === "ReadModelPrefix")?.Resource);
    const decrypt = all.find((s) => s.Sid === "DecryptThroughS3");
    const key = first(decrypt?.Resource);
    const viaService = str(decrypt?.Condition?.StringEquals?.["kms:ViaService"]);
    if (!read?.endsWith("*") || !key || !viaService) continue;
    const [bucketArn, prefix] = [read.slice(0, read.indexOf("/")), read.slice(read.indexOf("/") + 1, -1)];
    const account = key.split(":")[4];
    const base = { principal: { role: arn }, ...(account ? { resourceAccount: account } : {}) };
    const id = (what: string) => `model-server/${name}/${what}`;
    cases.push(
      {
        ...base,
        id: id("read-manifest"),
        description: "The init step reads its model version's manifest",
        action: "s3:GetObject",
        resource: `${bucketArn}/${prefix}${MANIFEST_FILE}`,
        ...viaS3,
        expect: "allow",
        cite: CITE.s3,
      },
      {
        ...base,
        id: id("list-prefix"),
        description: "The init step lists its model version's prefix (a recursive copy lists first)",
        action: "s3:ListBucket",
        resource: bucketArn,
        context: { "s3:prefix": prefix },
        ...viaS3,
        expect: "allow",
        cite: CITE.prefix,
      },
      {
        ...base,
        id: id("decrypt-through-s3"),
        description: "S3 decrypts the SSE-KMS objects with the models key on the role's behalf",
        action: "kms:Decrypt",
        resource: key,
        context: { "kms:ViaService": viaService },
        expect: "allow",
        cite: CITE.sse,
      },
      {
        ...base,
        id: id("other-prefix"),
        description: "Another model's or version's objects are not readable",
        action: "s3:GetObject",
        resource: `${bucketArn}/other-model/${prefix}${MANIFEST_FILE}`,
        ...viaS3,
        expect: "deny",
        cite: CITE.s3,
      },
      {
        ...base,
        id: id("list-bucket"),
        description: "The bucket cannot be listed outside the prefix",
        action: "s3:ListBucket",
        resource: bucketArn,
        context: { "s3:prefix": "" },
        ...viaS3,
        expect: "deny",
        cite: CITE.prefix,
      },
      ...["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention"].map(
        (action): AccessCase => ({
          ...base,
          id: id(`forbidden/${action}`),
          description: `A model server only reads: not ${action}`,
          action,
          resource: `${bucketArn}/${prefix}${MANIFEST_FILE}`,
          ...viaS3,
          expect: "deny",
          cite: CITE.s3,
        }),
      ),
      {
        ...base,
        id: id("decrypt-directly"),
        description: "The models key is not usable outside S3",
        action: "kms:Decrypt",
        resource: key,
        expect: "deny",
        cite: CITE.via,
      },
    );
  }
  return cases;
}
