import { searchDomainName } from "../observability/siemPipeline.search.logic";
import type { IdentityProvider } from "./accessControl.args";
import { type AccessRole, ACCESS_DEFAULTS, type Capability, CAPABILITIES, isAdministrative } from "./roles";

/**
 * AccessControl's AWS IAM plane, pure: the capability → IAM statements table, the trust document of
 * each role (federated, or break-glass), the permissions boundary, names and tags. No resources here
 * (accessControl.iam.ts creates them).
 *
 * What STS actually enforces, which decides the trust documents:
 * - Sessions from AssumeRoleWithSAML / AssumeRoleWithWebIdentity carry no `aws:MultiFactorAuthPresent`
 *   or `aws:MultiFactorAuthAge`: STS only sets them when MFA was presented to AWS (AssumeRole or
 *   GetSessionToken with an MFA device). A federated role cannot require AWS MFA; the identity provider
 *   enforces it and asserts a session tag (`mfaSessionTag` = "true"), which the trust requires through
 *   `aws:RequestTag/<tag>` (session tags need `sts:TagSession` in the trust).
 *   @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 *   @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 * - SAML: the trust names the provider, `sts:AssumeRoleWithSAML`, and `SAML:aud` = the sign-in
 *   endpoint; STS admits a role only when the assertion's `https://aws.amazon.com/SAML/Attributes/Role`
 *   lists it, so the IdP maps groups to role ARNs (one IAM role per access role).
 *   @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html
 *   @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html
 * - OIDC: `sts:AssumeRoleWithWebIdentity` and `<host>:aud`. Nothing in a web identity token says which
 *   role it is for, so the IdP must assert the session tag `rampart-access-role` = the role's name for
 *   members of its groups, and the trust requires it (`aws:RequestTag/rampart-access-role`).
 *   @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 * - Role chaining (a role session assuming another role) is capped at one hour by STS whatever
 *   `maxSessionDuration` says; our roles are ≤ 1 h in prod anyway.
 *   @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
 */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: { readonly AWS?: string[]; readonly Federated?: string };
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/** What the IAM statements are scoped to (the builder resolves the Outputs once). */
export interface IamContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  /** `/rampart/<stack>/`. */
  readonly logGroupPrefix: string;
  /** `<namePrefix>-models-`. */
  readonly modelBucketNamePrefix: string;
  readonly modelsKeyArn: string;
  /** `<namePrefix>-archive-`. */
  readonly archiveBucketNamePrefix?: string;
  readonly siemKeyArn?: string;
}

/** The tag policies and verify cases find our roles by (`rampart:access-role=<name>`). */
export const ACCESS_ROLE_TAG = "rampart:access-role";
/** The session tag an OIDC identity provider asserts to pick the role (see above). */
export const OIDC_ROLE_SESSION_TAG = "rampart-access-role";
/** The audience of every SAML assertion for AWS sign-in. */
export const SAML_AUDIENCE = "https://signin.aws.amazon.com/saml";
export const IAM_DEFAULTS = { mfaSessionTag: "rampart-mfa" } as const;
/** IAM's limits: role names 64 characters, managed policies 6,144 characters without white space. */
export const IAM_LIMITS = { roleName: 64, managedPolicyChars: 6144 } as const;

export const accessRoleName = (namePrefix: string, role: string): string => `${namePrefix}-access-${role}`;
/** Named under the access prefix so the boundary's own deny protects it. */
export const boundaryPolicyName = (namePrefix: string): string => `${namePrefix}-access-boundary`;

/** `rampart:access-role=<name>`, and `rampart:role=admin` on administrative roles (the MFA policy keys on it). */
export function accessRoleTags(role: AccessRole): Record<string, string> {
  return { [ACCESS_ROLE_TAG]: role.name, ...(isAdministrative(role) ? { "rampart:role": "admin" } : {}) };
}

const s3Via = (c: IamContext) => `s3.${c.region}.amazonaws.com`;
const logGroups = (c: IamContext) => [
  `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${c.logGroupPrefix}*`,
  `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:/aws/eks/${c.clusterName}/*`,
];

/**
 * Each capability's IAM statements (the union over a role's capabilities is its inline policy). The
 * capabilities without AWS API needs (`inference.read`, `models.deploy`, `prompts.write`) are granted
 * by Kubernetes RBAC and Vault only. Sids are unique across the table (a role's policy joins them).
 */
export const IAM_GRANTS: Readonly<Record<Capability, (c: IamContext) => PolicyStatement[]>> = {
  // A kubeconfig needs the cluster's endpoint and CA; ListClusters has no resource type.
  // @see https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html
  "cluster.describe": (c) => [
    {
      Sid: "DescribeOurCluster",
      Effect: "Allow",
      Action: "eks:DescribeCluster",
      Resource: `arn:${c.partition}:eks:${c.region}:${c.accountId}:cluster/${c.clusterName}`,
    },
    { Sid: "ListClusters", Effect: "Allow", Action: "eks:ListClusters", Resource: "*" },
  ],
  "inference.read": () => [],
  // Bucket names are global: pin the buckets to our account, so a bucket of the same prefix in another
  // account is no exfiltration path. The key only through S3, never administered.
  // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
  // @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
  "models.publish": (c) => {
    const buckets = `arn:${c.partition}:s3:::${c.modelBucketNamePrefix}*`;
    const ours = { StringEquals: { "aws:ResourceAccount": c.accountId } };
    return [
      {
        Sid: "ModelBucketsList",
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
        Resource: buckets,
        Condition: ours,
      },
      {
        Sid: "ModelObjectsReadWrite",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        Resource: `${buckets}/*`,
        Condition: ours,
      },
      {
        Sid: "ModelsKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: c.modelsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": s3Via(c) } },
      },
    ];
  },
  "models.deploy": () => [],
  "prompts.write": () => [],
  // Read-only verbs of each service. CloudTrail, GuardDuty, Security Hub and Config read actions
  // mostly have no resource types. DescribeLogGroups and StopQuery take "*" only.
  // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
  "audit.read": (c) => {
    const statements: PolicyStatement[] = [
      {
        Sid: "AuditLogsRead",
        Effect: "Allow",
        Action: [
          "logs:DescribeLogStreams",
          "logs:GetLogEvents",
          "logs:FilterLogEvents",
          "logs:StartQuery",
          "logs:GetQueryResults",
        ],
        Resource: logGroups(c),
      },
      {
        Sid: "AuditLogsList",
        Effect: "Allow",
        Action: ["logs:DescribeLogGroups", "logs:DescribeQueries", "logs:StopQuery"],
        Resource: "*",
      },
      {
        Sid: "AuditFindingsRead",
        Effect: "Allow",
        Action: [
          "cloudtrail:LookupEvents",
          "cloudtrail:Get*",
          "cloudtrail:Describe*",
          "cloudtrail:List*",
          "guardduty:Get*",
          "guardduty:List*",
          "guardduty:Describe*",
          "securityhub:Get*",
          "securityhub:List*",
          "securityhub:Describe*",
          "securityhub:BatchGet*",
          "config:Describe*",
          "config:Get*",
          "config:List*",
          "config:BatchGet*",
          "config:SelectResourceConfig",
        ],
        Resource: "*",
      },
    ];
    if (c.archiveBucketNamePrefix) {
      // By name prefix, pinned to our account like the model buckets (names are global).
      const archive = `arn:${c.partition}:s3:::${c.archiveBucketNamePrefix}*`;
      const ours = { StringEquals: { "aws:ResourceAccount": c.accountId } };
      statements.push(
        {
          Sid: "ArchiveList",
          Effect: "Allow",
          Action: ["s3:ListBucket", "s3:ListBucketVersions"],
          Resource: archive,
          Condition: ours,
        },
        {
          Sid: "ArchiveRead",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:GetObjectVersion"],
          Resource: `${archive}/*`,
          Condition: ours,
        },
      );
    }
    if (c.archiveBucketNamePrefix && c.siemKeyArn) {
      statements.push({
        Sid: "SiemKeyThroughS3",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: c.siemKeyArn,
        Condition: { StringEquals: { "kms:ViaService": s3Via(c) } },
      });
    }
    return statements;
  },
  // AdministratorAccess (IAM_MANAGED_POLICIES), under the boundary.
  "platform.admin": () => [],
};

/** AWS managed policies per capability (by ARN, attached to the role). */
export const IAM_MANAGED_POLICIES: Readonly<Record<Capability, (partition: string) => string[]>> = {
  "cluster.describe": () => [],
  "inference.read": () => [],
  "models.publish": () => [],
  "models.deploy": () => [],
  "prompts.write": () => [],
  // @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
  "platform.admin": (p) => [`arn:${p}:iam::aws:policy/AdministratorAccess`],
  "audit.read": () => [],
};

/** One line per capability for the README's table (what the IAM plane grants). */
export const IAM_SUMMARY: Readonly<Record<Capability, string>> = {
  "cluster.describe": "eks:DescribeCluster on our cluster, eks:ListClusters",
  "inference.read": "nothing (Kubernetes RBAC only)",
  "models.publish":
    "s3 Get/Put/List/AbortMultipartUpload on our account's `<namePrefix>-models-*` buckets; kms:Decrypt/GenerateDataKey on the models key through S3 only",
  "models.deploy": "nothing (Kubernetes RBAC only)",
  "prompts.write": "nothing (Kubernetes RBAC and Vault only)",
  "audit.read":
    "CloudWatch Logs read on `/rampart/<stack>/*` and `/aws/eks/<cluster>/*`; CloudTrail, GuardDuty, Security Hub and Config read-only; the SIEM archive read, its key through S3",
  "platform.admin": "AdministratorAccess, under the permissions boundary",
};

/** A role's identity statements: the union over its capabilities, in the table's order. */
export function roleStatements(role: Pick<AccessRole, "capabilities">, c: IamContext): PolicyStatement[] {
  return CAPABILITIES.filter((cap) => role.capabilities.includes(cap)).flatMap((cap) => IAM_GRANTS[cap](c));
}

export function roleManagedPolicies(role: Pick<AccessRole, "capabilities">, partition: string): string[] {
  return [
    ...new Set(
      CAPABILITIES.filter((cap) => role.capabilities.includes(cap)).flatMap((cap) =>
        IAM_MANAGED_POLICIES[cap](partition),
      ),
    ),
  ];
}

export const policyDocument = (statements: PolicyStatement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});

export interface TrustOptions {
  readonly identityProvider: IdentityProvider;
  /** @default "rampart-mfa" */
  readonly mfaSessionTag?: string;
  /** @default 3600 */
  readonly mfaMaxAgeSeconds?: number;
  readonly breakGlassPrincipalArns?: readonly string[];
}

/**
 * Who may take a role. Break-glass: the named IAM principals, with AWS MFA no older than
 * `mfaMaxAgeSeconds` (STS sets both keys on AssumeRole called with an MFA device or with MFA-backed
 * session credentials). Every other role: the identity provider only, plus the IdP-asserted MFA tag
 * when the role requires MFA.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
export function trustPolicy(role: AccessRole, o: TrustOptions): PolicyDocument {
  if (role.breakGlass) {
    return policyDocument([
      {
        Sid: "BreakGlassWithRecentMfa",
        Effect: "Allow",
        Principal: { AWS: [...(o.breakGlassPrincipalArns ?? [])] },
        Action: "sts:AssumeRole",
        Condition: {
          Bool: { "aws:MultiFactorAuthPresent": "true" },
          NumericLessThan: {
            "aws:MultiFactorAuthAge": String(o.mfaMaxAgeSeconds ?? ACCESS_DEFAULTS.mfaMaxAgeSeconds),
          },
        },
      },
    ]);
  }
  const idp = o.identityProvider;
  const mfa: Record<string, string> = role.mfa
    ? { [`aws:RequestTag/${o.mfaSessionTag ?? IAM_DEFAULTS.mfaSessionTag}`]: "true" }
    : {};
  if (idp.kind === "saml") {
    return policyDocument([
      {
        Sid: "FederatedSaml",
        Effect: "Allow",
        Principal: { Federated: idp.providerArn },
        Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
        Condition: { StringEquals: { "SAML:aud": SAML_AUDIENCE, ...mfa } },
      },
    ]);
  }
  return policyDocument([
    {
      Sid: "FederatedOidc",
      Effect: "Allow",
      Principal: { Federated: idp.providerArn },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: {
        StringEquals: {
          [`${idp.issuerHost}:aud`]: idp.audience,
          [`aws:RequestTag/${OIDC_ROLE_SESSION_TAG}`]: role.name,
          ...mfa,
        },
      },
    },
  ]);
}

export interface BoundaryContext {
  readonly partition: string;
  readonly accountId: string;
  readonly namePrefix: string;
}

/** IAM changes that would let a role rewrite who it is or what bounds it. */
const ACCESS_ROLE_CHANGES = [
  "iam:AttachRolePolicy",
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PassRole",
  "iam:PutRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:TagPolicy",
  "iam:UntagPolicy",
];

/**
 * The permissions boundary of every access role: it allows what the role's own policies allow, and
 * denies, whatever those say, changing boundaries and the access roles and policies themselves,
 * destroying or disabling KMS keys, the trail, the detectors and the archive, and leaving the
 * organisation; new roles and users must carry it. `guardduty:UpdateDetector` is denied whole: IAM cannot see whether a call disables
 * the detector, so detector changes go through the deployer, which this boundary does not bind.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function boundaryPolicy(c: BoundaryContext): PolicyDocument {
  const iam = `arn:${c.partition}:iam::${c.accountId}`;
  return policyDocument([
    // A boundary grants nothing by itself: the role's identity policies decide within it.
    { Sid: "WithinIdentityPolicies", Effect: "Allow", Action: "*", Resource: "*" },
    {
      Sid: "NoBoundaryChanges",
      Effect: "Deny",
      Action: [
        "iam:PutRolePermissionsBoundary",
        "iam:DeleteRolePermissionsBoundary",
        "iam:PutUserPermissionsBoundary",
        "iam:DeleteUserPermissionsBoundary",
      ],
      Resource: "*",
    },
    {
      Sid: "NoAccessRoleChanges",
      Effect: "Deny",
      Action: ACCESS_ROLE_CHANGES,
      Resource: [
        `${iam}:role/${accessRoleName(c.namePrefix, "*")}`,
        `${iam}:policy/${accessRoleName(c.namePrefix, "*")}`,
      ],
    },
    // A role or user created without this boundary would be an unbounded way out of it.
    // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PermissionsBoundary
    {
      Sid: "NewPrincipalsCarryTheBoundary",
      Effect: "Deny",
      Action: ["iam:CreateRole", "iam:CreateUser"],
      Resource: "*",
      Condition: {
        StringNotEquals: { "iam:PermissionsBoundary": `${iam}:policy/${boundaryPolicyName(c.namePrefix)}` },
      },
    },
    {
      Sid: "NoKeyDestruction",
      Effect: "Deny",
      Action: ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:PutKeyPolicy"],
      Resource: "*",
    },
    {
      Sid: "NoDetectionTampering",
      Effect: "Deny",
      Action: [
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "cloudtrail:UpdateTrail",
        "cloudtrail:PutEventSelectors",
        "guardduty:Delete*",
        "guardduty:Disassociate*",
        "guardduty:StopMonitoringMembers",
        "guardduty:UpdateDetector",
        "securityhub:Disable*",
        "securityhub:DeleteMembers",
        "securityhub:Disassociate*",
        "config:StopConfigurationRecorder",
        "config:DeleteConfigurationRecorder",
        "config:DeleteDeliveryChannel",
        "organizations:LeaveOrganization",
      ],
      Resource: "*",
    },
    {
      Sid: "NoArchiveTampering",
      Effect: "Deny",
      Action: [
        "s3:DeleteBucket",
        "s3:DeleteBucketPolicy",
        "s3:PutBucketPolicy",
        "s3:PutBucketObjectLockConfiguration",
      ],
      Resource: `arn:${c.partition}:s3:::${c.namePrefix}-archive-*`,
    },
    // The SIEM's indices are written by Firehose and read through Dashboards' SAML login; no access
    // role reaches them through IAM (AdministratorAccess included), so evidence cannot be deleted or
    // rewritten on the data plane. https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html
    {
      Sid: "NoSiemIndexAccess",
      Effect: "Deny",
      Action: "es:ESHttp*",
      Resource: `arn:${c.partition}:es:*:${c.accountId}:domain/${searchDomainName(c.namePrefix)}/*`,
    },
  ]);
}

/** Characters IAM counts against a managed policy's size (it ignores white space). */
export const policySize = (doc: PolicyDocument): number => JSON.stringify(doc).replace(/\s/g, "").length;
