import { ACCESS_ROLE_TAG } from "../../../components/identity/accessControl.iam.logic";
import type { AccessCase, CasePrincipal } from "./cases";
import { buildWorld, type RoleInfo, type World } from "./model";
import type { ExportResource } from "./types";

/**
 * Access cases for AccessControl's IAM roles, derived from the export: every role tagged
 * `rampart:access-role` is checked for what its role must do (allowed) and what it must never do
 * (denied), by its identity policies, its permissions boundary and the resources' own policies.
 * Roles are recognised by the built-in name in the tag; every access role also gets the checks all of
 * them share (its boundary holds, only its trusted principals may take it).
 */

/** A principal of our account that is not trusted by a role, whose IAM policies allow everything. */
export const OTHER_PRINCIPAL_NAME = "rampart-verify-other-user";

const CITE = {
  boundary: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
  evaluation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
  kmsVia:
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
  kmsAdmin:
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators",
  s3Kms: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
  logs: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html",
  eks: "https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html",
  mfa: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html",
  federation: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const out = (r: ExportResource, k: string): string | undefined => str(r.outputs?.[k]) ?? str(r.inputs[k]);
const tagOf = (r: ExportResource, key: string): string | undefined =>
  str((r.inputs.tags as Record<string, unknown> | undefined)?.[key]);
const TLS = { "aws:SecureTransport": true, "s3:TlsVersion": "1.3" };

/** The export's resources a role's cases name, found by type, tag and our naming contract. */
interface Targets {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly clusterArns: string[];
  readonly modelsKeyArns: string[];
  readonly siemKeyArns: string[];
  readonly bucketArns: string[];
  readonly trailArns: string[];
  readonly logGroupArns: string[];
}

function targetsOf(resources: readonly ExportResource[], world: World): Targets {
  const account = world.account ?? "000000000000";
  const region = world.region ?? "us-east-1";
  const arns = (type: string, keep: (r: ExportResource) => boolean = () => true) =>
    resources
      .filter((r) => r.type === type && keep(r))
      .map((r) => out(r, "arn"))
      .filter((a): a is string => !!a);
  return {
    account,
    region,
    partition: "aws",
    clusterArns: arns("aws:eks/cluster:Cluster"),
    modelsKeyArns: arns("aws:kms/key:Key", (r) => tagOf(r, "rampart:data-class") === "models"),
    siemKeyArns: arns("aws:kms/key:Key", (r) => tagOf(r, "rampart:data-class") === "siem"),
    bucketArns: arns("aws:s3/bucket:Bucket").concat(arns("aws:s3/bucketV2:BucketV2")),
    trailArns: arns("aws:cloudtrail/trail:Trail"),
    logGroupArns: arns("aws:cloudwatch/logGroup:LogGroup", (r) =>
      (out(r, "name") ?? "").startsWith("/rampart/"),
    ),
  };
}

export function identityAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const t = targetsOf(resources, world);
  const cases: AccessCase[] = [];
  for (const role of world.roles) {
    const accessRole = tagOf(role.resource, ACCESS_ROLE_TAG);
    if (!accessRole) continue;
    cases.push(...commonCases(role, accessRole, t));
    cases.push(...(BY_ROLE[accessRole]?.(role, t) ?? []));
  }
  return cases;
}

type CaseOf = Omit<AccessCase, "id" | "principal"> & { readonly id: string };

function forRole(role: RoleInfo, accessRole: string, list: CaseOf[]): AccessCase[] {
  const principal: CasePrincipal = { role: role.arn };
  return list.map((c) => ({ ...c, principal, id: `identity/${accessRole}/${c.id}` }));
}

/** `<namePrefix>` from `<namePrefix>-access-<role>`. */
const namePrefixOf = (role: RoleInfo, accessRole: string): string =>
  role.name.endsWith(`-access-${accessRole}`)
    ? role.name.slice(0, -`-access-${accessRole}`.length)
    : role.name;

/** The model buckets of the export (`<namePrefix>-models-*`), or one the naming contract admits. */
function modelBuckets(role: RoleInfo, accessRole: string, t: Targets): { arns: string[]; inExport: boolean } {
  const prefix = `arn:${t.partition}:s3:::${namePrefixOf(role, accessRole)}-models-`;
  const found = t.bucketArns.filter((b) => b.startsWith(prefix));
  return found.length > 0 ? { arns: found, inExport: true } : { arns: [`${prefix}verify`], inExport: false };
}

function clusterArn(role: RoleInfo, accessRole: string, t: Targets): string {
  return (
    t.clusterArns[0] ??
    `arn:${t.partition}:eks:${t.region}:${t.account}:cluster/${namePrefixOf(role, accessRole)}`
  );
}

/** What every access role shares: its boundary holds, and nobody but its trusted principals takes it. */
function commonCases(role: RoleInfo, accessRole: string, t: Targets): AccessCase[] {
  const list: CaseOf[] = [
    {
      id: "iam:DeleteRolePermissionsBoundary",
      description: "no access role may remove its own permissions boundary",
      action: "iam:DeleteRolePermissionsBoundary",
      resource: role.arn,
      expect: "deny",
      cite: CITE.boundary,
    },
    ...(t.trailArns.length > 0
      ? t.trailArns
      : [
          `arn:${t.partition}:cloudtrail:${t.region}:${t.account}:trail/${namePrefixOf(role, accessRole)}-trail`,
        ]
    ).map((trail): CaseOf => ({
      id: `cloudtrail:StopLogging/${trail.split("/").pop()}`,
      description: "no access role may stop the trail",
      action: "cloudtrail:StopLogging",
      resource: trail,
      expect: "deny",
      cite: CITE.boundary,
    })),
  ];
  const cases = forRole(role, accessRole, list);
  // Another principal of the account, whose own IAM policies allow everything, with MFA: the trust
  // names the identity provider (or the break-glass principals) only.
  cases.push({
    id: `identity/${accessRole}/trust/other-principal`,
    description: "another IAM principal of the account, with MFA, cannot take the role",
    principal: {
      arn: `arn:${t.partition}:iam::${t.account}:user/${OTHER_PRINCIPAL_NAME}`,
      assumeIdentityAllows: true,
    },
    action: "sts:AssumeRole",
    resource: role.arn,
    context: { "aws:MultiFactorAuthPresent": true, "aws:MultiFactorAuthAge": 60 },
    expect: "deny",
    cite: CITE.federation,
  });
  return cases;
}

function modelManagement(role: RoleInfo, t: Targets): AccessCase[] {
  const name = "model-management";
  const buckets = modelBuckets(role, name, t);
  const list: CaseOf[] = [
    {
      id: "eks:DescribeCluster",
      description: "builds a kubeconfig for the cluster",
      action: "eks:DescribeCluster",
      resource: clusterArn(role, name, t),
      expect: "allow",
      cite: CITE.eks,
    },
  ];
  for (const bucket of buckets.arns) {
    const b = bucket.split(":::")[1]!;
    const object = `${bucket}/models/verify/model.safetensors`;
    const key = t.modelsKeyArns[0];
    const sse: Record<string, string> = key
      ? {
          "s3:x-amz-server-side-encryption": "aws:kms",
          "s3:x-amz-server-side-encryption-aws-kms-key-id": key,
        }
      : {};
    list.push({
      id: `s3:PutObject/${b}`,
      description: "publishes a model artifact to the model bucket",
      action: "s3:PutObject",
      resource: object,
      context: { ...TLS, ...sse },
      // A bucket outside the export is named by the contract (`<namePrefix>-models-`) in our account.
      ...(buckets.inExport ? {} : { resourceAccount: t.account }),
      expect: "allow",
      cite: CITE.s3Kms,
    });
    // A forbidden call is decided only where the bucket's own policy is known.
    if (buckets.inExport)
      list.push(
        {
          id: `s3:DeleteObjectVersion/${b}`,
          description: "never deletes an artifact's versions",
          action: "s3:DeleteObjectVersion",
          resource: object,
          context: TLS,
          expect: "deny",
          cite: CITE.evaluation,
        },
        {
          id: `s3:PutBucketPolicy/${b}`,
          description: "never changes the bucket's policy",
          action: "s3:PutBucketPolicy",
          resource: bucket,
          context: TLS,
          expect: "deny",
          cite: CITE.evaluation,
        },
      );
  }
  for (const key of t.modelsKeyArns) {
    const via = { "kms:ViaService": `s3.${t.region}.amazonaws.com` };
    list.push({
      id: `kms:GenerateDataKey/through-s3/${key.split("/").pop()}`,
      description: "uses the models key through S3 to write an artifact",
      action: "kms:GenerateDataKey",
      resource: key,
      context: via,
      expect: "allow",
      cite: CITE.s3Kms,
    });
    for (const action of ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey"]) {
      list.push({
        id: `${action}/${key.split("/").pop()}`,
        description: "uses the models key, never administers it",
        action,
        resource: key,
        expect: "deny",
        cite: CITE.kmsAdmin,
      });
    }
    list.push({
      id: `kms:Decrypt/not-through-s3/${key.split("/").pop()}`,
      description: "decrypts with the models key only through S3",
      action: "kms:Decrypt",
      resource: key,
      expect: "deny",
      cite: CITE.kmsVia,
    });
  }
  return forRole(role, name, list);
}

/**
 * Writes a read-only role must not make. Each names a resource the export holds (so its own policy, or
 * its having none, is known) or is refused by an explicit deny of the boundary; a bucket of another
 * account checks that our identity policies alone refuse it.
 */
function writes(role: RoleInfo, t: Targets): CaseOf[] {
  const deny = (id: string, action: string, resource: string, extra: Partial<CaseOf> = {}): CaseOf => ({
    id,
    description: "changes nothing",
    action,
    resource,
    expect: "deny",
    cite: CITE.evaluation,
    ...extra,
  });
  const iam = `arn:${t.partition}:iam::${t.account}`;
  return [
    ...t.bucketArns.map((b) =>
      deny(`s3:PutObject/${b.split(":::")[1]}`, "s3:PutObject", `${b}/verify`, { context: TLS }),
    ),
    deny(
      "s3:PutObject/another-account",
      "s3:PutObject",
      `arn:${t.partition}:s3:::another-accounts-bucket/verify`,
      {
        context: TLS,
        resourceAccount: "111122223333",
      },
    ),
    deny("iam:CreateUser", "iam:CreateUser", `${iam}:user/verify`),
    deny("iam:AttachRolePolicy", "iam:AttachRolePolicy", role.arn),
    deny("iam:PutRolePolicy", "iam:PutRolePolicy", role.arn),
    deny("iam:PassRole", "iam:PassRole", role.arn),
    ...t.clusterArns.flatMap((c) => [
      deny(`eks:UpdateClusterConfig/${c.split("/").pop()}`, "eks:UpdateClusterConfig", c),
      deny(`eks:CreateAccessEntry/${c.split("/").pop()}`, "eks:CreateAccessEntry", c),
    ]),
    ...t.logGroupArns
      .slice(0, 1)
      .flatMap((g) => [
        deny(`logs:DeleteLogGroup/${g.split(":log-group:")[1]}`, "logs:DeleteLogGroup", g),
        deny(`logs:PutRetentionPolicy/${g.split(":log-group:")[1]}`, "logs:PutRetentionPolicy", g),
      ]),
  ];
}

function auditView(role: RoleInfo, t: Targets): AccessCase[] {
  const name = "audit-view";
  const list: CaseOf[] = t.logGroupArns.slice(0, 3).map((g) => ({
    id: `logs:FilterLogEvents/${g.split(":log-group:")[1]}`,
    description: "reads the stack's logs",
    action: "logs:FilterLogEvents",
    resource: g,
    expect: "allow",
    cite: CITE.logs,
  }));
  list.push({
    id: "cloudtrail:LookupEvents",
    description: "reads the management events",
    action: "cloudtrail:LookupEvents",
    resource: "*",
    // An action without a resource type is a call in the caller's own account.
    resourceAccount: t.account,
    expect: "allow",
    cite: CITE.evaluation,
  });
  // The SIEM archive (`<namePrefix>-archive-`, not its access-log bucket) and its key through S3.
  const archive = `arn:${t.partition}:s3:::${namePrefixOf(role, name)}-archive-`;
  for (const bucket of t.bucketArns.filter(
    (b) => b.startsWith(archive) && !b.startsWith(`${archive}logs-`),
  )) {
    list.push({
      id: `s3:GetObject/${bucket.split(":::")[1]}`,
      description: "reads the SIEM archive",
      action: "s3:GetObject",
      resource: `${bucket}/cloudtrail/verify.json.gz`,
      context: TLS,
      expect: "allow",
      cite: CITE.evaluation,
    });
  }
  for (const key of t.siemKeyArns) {
    list.push({
      id: `kms:Decrypt/through-s3/${key.split("/").pop()}`,
      description: "decrypts the archive with the siem key through S3",
      action: "kms:Decrypt",
      resource: key,
      context: { "kms:ViaService": `s3.${t.region}.amazonaws.com` },
      expect: "allow",
      cite: CITE.s3Kms,
    });
  }
  list.push(...writes(role, t));
  return forRole(role, name, list);
}

function inferenceOnly(role: RoleInfo, t: Targets): AccessCase[] {
  const name = "inference-only";
  return forRole(role, name, [
    {
      id: "eks:DescribeCluster",
      description: "builds a kubeconfig for the cluster",
      action: "eks:DescribeCluster",
      resource: clusterArn(role, name, t),
      expect: "allow",
      cite: CITE.eks,
    },
    ...writes(role, t),
  ]);
}

/** Administrators administer, and the boundary still holds: keys, the trail and itself. */
function administrator(name: string) {
  return (role: RoleInfo, t: Targets): AccessCase[] =>
    forRole(role, name, [
      {
        id: "eks:UpdateClusterConfig",
        description: "administers the cluster",
        action: "eks:UpdateClusterConfig",
        resource: clusterArn(role, name, t),
        expect: "allow",
        cite: CITE.evaluation,
      },
      ...t.modelsKeyArns.map((key): CaseOf => ({
        id: `kms:ScheduleKeyDeletion/${key.split("/").pop()}`,
        description: "even an administrator cannot schedule a key's deletion (boundary)",
        action: "kms:ScheduleKeyDeletion",
        resource: key,
        expect: "deny",
        cite: CITE.boundary,
      })),
    ]);
}

/**
 * Break-glass: its trusted principals take it only with MFA (STS sets `aws:MultiFactorAuthPresent`
 * when MFA was presented on AssumeRole or GetSessionToken).
 */
function breakGlass(role: RoleInfo, t: Targets): AccessCase[] {
  const principals = (role.trust?.document.statements ?? [])
    .filter((s) => s.effect === "Allow")
    .flatMap((s) => [...(s.principal?.aws ?? [])])
    .filter((p) => p !== "*");
  const cases = administrator("break-glass")(role, t);
  for (const arn of principals) {
    const who = arn.split(/[:/]/).pop();
    const base = {
      principal: { arn, assumeIdentityAllows: true },
      action: "sts:AssumeRole",
      resource: role.arn,
      cite: CITE.mfa,
    } as const;
    cases.push(
      {
        ...base,
        id: `identity/break-glass/trust/${who}/without-mfa`,
        description: "a trusted principal without MFA cannot break the glass",
        expect: "deny",
      },
      {
        ...base,
        id: `identity/break-glass/trust/${who}/with-mfa`,
        description: "a trusted principal with a recent MFA breaks the glass",
        context: { "aws:MultiFactorAuthPresent": true, "aws:MultiFactorAuthAge": 60 },
        expect: "allow",
      },
    );
  }
  return cases;
}

const BY_ROLE: Readonly<Record<string, (role: RoleInfo, t: Targets) => AccessCase[]>> = {
  "model-management": modelManagement,
  "audit-view": auditView,
  "inference-only": inferenceOnly,
  "platform-admin": administrator("platform-admin"),
  "break-glass": breakGlass,
};
