import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { evaluate, parsePolicyDocument, type Request, type SourcedPolicy } from "../../../cli/verify/iam";
import type { IdentityProvider } from "../../../components/identity/accessControl.args";
import {
  accessRoleName,
  accessRoleTags,
  boundaryPolicy,
  IAM_GRANTS,
  IAM_LIMITS,
  IAM_MANAGED_POLICIES,
  IAM_SUMMARY,
  type IamContext,
  policySize,
  roleManagedPolicies,
  roleStatements,
  trustPolicy,
} from "../../../components/identity/accessControl.iam.logic";
import { validateAccessControlArgs } from "../../../components/identity/accessControl.validate";
import { type AccessRole, BUILTIN_CAPABILITIES, CAPABILITIES } from "../../../components/identity/roles";

const ACCT = "123456789012";
const SAML_ARN = `arn:aws:iam::${ACCT}:saml-provider/okta`;
const OIDC_ARN = `arn:aws:iam::${ACCT}:oidc-provider/login.example.com/oauth2`;
const SAML: IdentityProvider = { kind: "saml", providerArn: SAML_ARN };
const OIDC: IdentityProvider = {
  kind: "oidc",
  providerArn: OIDC_ARN,
  issuerHost: "login.example.com/oauth2",
  audience: "rampart-aws",
};
const BREAK_GLASS_USER = "arn:aws:iam::210987654321:user/sealed/breakglass";

const role = (name: keyof typeof BUILTIN_CAPABILITIES, extra: Partial<AccessRole> = {}): AccessRole => ({
  name,
  capabilities: BUILTIN_CAPABILITIES[name],
  groups: name === "break-glass" ? [] : [`aws-${name}`],
  namespaces: ["inference"],
  mfa: name === "platform-admin" || name === "break-glass",
  maxSessionSeconds: 3600,
  breakGlass: name === "break-glass",
  ...extra,
});

const CTX: IamContext = {
  partition: "aws",
  region: "eu-west-1",
  accountId: ACCT,
  clusterName: "rampart-prod",
  logGroupPrefix: "/rampart/prod/",
  modelBucketNamePrefix: "rampart-prod-models-",
  modelsKeyArn: `arn:aws:kms:eu-west-1:${ACCT}:key/models`,
  archiveBucketNamePrefix: "rampart-prod-archive-",
  siemKeyArn: `arn:aws:kms:eu-west-1:${ACCT}:key/siem`,
};

function sourced(kind: "trust" | "identity", document: unknown): SourcedPolicy {
  const parsed = parsePolicyDocument(document, kind);
  assert.deepEqual(parsed.problems, [], "our documents follow IAM's grammar");
  return { kind, urn: `urn:test:${kind}`, property: "policy", document: parsed.document };
}

/** Whether a trust lets this caller take the role (the role is in the caller's account). */
function assume(
  trust: unknown,
  principal: Request["principal"],
  action: string,
  context: Request["context"],
) {
  return evaluate(
    { principal, action, resource: `arn:aws:iam::${ACCT}:role/x`, context },
    {
      identity: principal.type === "aws" ? { mode: "assume-allow", why: "caller" } : { mode: "none" },
      resource: sourced("trust", trust),
      resourceKind: "role-trust",
      resourceAccount: ACCT,
    },
  ).decision;
}

/** Whether a role with these statements and the boundary may make the call. */
function call(statements: unknown[], action: string, resource: string, context: Request["context"] = {}) {
  return evaluate(
    {
      principal: { type: "aws", arn: `arn:aws:sts::${ACCT}:assumed-role/r/s`, account: ACCT },
      action,
      resource,
      context: { "aws:ResourceAccount": ACCT, ...context },
    },
    {
      identity: {
        mode: "export",
        policies: [sourced("identity", { Version: "2012-10-17", Statement: statements })],
        managed: [],
        boundary: {
          arn: "b",
          policy: sourced(
            "identity",
            boundaryPolicy({ partition: "aws", accountId: ACCT, namePrefix: "rampart-prod" }),
          ),
        },
      },
      resource: "none",
      resourceKind: "generic",
      resourceAccount: ACCT,
    },
  ).decision;
}

describe("federated trust (SAML)", () => {
  const federated = { type: "federated" as const, provider: SAML_ARN };
  const aud = { "SAML:aud": "https://signin.aws.amazon.com/saml" };

  test("the IdP with the sign-in audience takes a non-administrative role; nobody else", () => {
    const trust = trustPolicy(role("audit-view"), { identityProvider: SAML });
    assert.equal(assume(trust, federated, "sts:AssumeRoleWithSAML", aud), "allow");
    assert.equal(
      assume(trust, federated, "sts:AssumeRoleWithSAML", { "SAML:aud": "https://evil/saml" }),
      "deny",
    );
    assert.equal(
      assume(
        trust,
        { type: "federated", provider: `arn:aws:iam::${ACCT}:saml-provider/other` },
        "sts:AssumeRoleWithSAML",
        aud,
      ),
      "deny",
    );
    // An IAM principal of the account, even with every IAM permission, cannot assume it.
    assert.equal(
      assume(
        trust,
        { type: "aws", arn: `arn:aws:iam::${ACCT}:user/admin`, account: ACCT },
        "sts:AssumeRole",
        {
          "aws:MultiFactorAuthPresent": true,
        },
      ),
      "deny",
    );
  });

  test("an administrative role also needs the IdP's MFA session tag", () => {
    const trust = trustPolicy(role("platform-admin"), { identityProvider: SAML, mfaSessionTag: "corp-mfa" });
    assert.equal(assume(trust, federated, "sts:AssumeRoleWithSAML", aud), "deny");
    assert.equal(
      assume(trust, federated, "sts:AssumeRoleWithSAML", { ...aud, "aws:RequestTag/corp-mfa": "false" }),
      "deny",
    );
    assert.equal(
      assume(trust, federated, "sts:AssumeRoleWithSAML", { ...aud, "aws:RequestTag/corp-mfa": "true" }),
      "allow",
    );
    // The IdP passes the tag: the trust allows sts:TagSession with the same conditions.
    assert.equal(
      assume(trust, federated, "sts:TagSession", { ...aud, "aws:RequestTag/corp-mfa": "true" }),
      "allow",
    );
  });
});

describe("federated trust (OIDC)", () => {
  const federated = { type: "federated" as const, provider: OIDC_ARN };
  const base = { "login.example.com/oauth2:aud": "rampart-aws" };

  test("the audience and the role-name session tag the IdP asserts for the role's groups", () => {
    const trust = trustPolicy(role("model-management"), { identityProvider: OIDC });
    const tag = { "aws:RequestTag/rampart-access-role": "model-management" };
    assert.equal(assume(trust, federated, "sts:AssumeRoleWithWebIdentity", { ...base, ...tag }), "allow");
    assert.equal(assume(trust, federated, "sts:AssumeRoleWithWebIdentity", base), "deny");
    assert.equal(
      assume(trust, federated, "sts:AssumeRoleWithWebIdentity", {
        ...base,
        "aws:RequestTag/rampart-access-role": "platform-admin",
      }),
      "deny",
    );
    assert.equal(
      assume(trust, federated, "sts:AssumeRoleWithWebIdentity", {
        "login.example.com/oauth2:aud": "other-client",
        ...tag,
      }),
      "deny",
    );
  });
});

describe("break-glass trust", () => {
  const user = { type: "aws" as const, arn: BREAK_GLASS_USER, account: "210987654321" };
  const trust = trustPolicy(role("break-glass"), {
    identityProvider: SAML,
    breakGlassPrincipalArns: [BREAK_GLASS_USER],
    mfaMaxAgeSeconds: 900,
  });

  test("the named principal with recent MFA only", () => {
    const mfa = { "aws:MultiFactorAuthPresent": true, "aws:MultiFactorAuthAge": 60 };
    assert.equal(assume(trust, user, "sts:AssumeRole", mfa), "allow");
    assert.equal(assume(trust, user, "sts:AssumeRole", {}), "deny");
    assert.equal(assume(trust, user, "sts:AssumeRole", { ...mfa, "aws:MultiFactorAuthAge": 901 }), "deny");
    assert.equal(
      assume(trust, { ...user, arn: "arn:aws:iam::210987654321:user/sealed/other" }, "sts:AssumeRole", mfa),
      "deny",
    );
    // It does not depend on the identity provider (it must work when the IdP is down).
    assert.equal(
      assume(trust, { type: "federated", provider: SAML_ARN }, "sts:AssumeRoleWithSAML", {
        "SAML:aud": "https://signin.aws.amazon.com/saml",
      }),
      "deny",
    );
  });

  test("the policy pack's MFA check sees it: Bool aws:MultiFactorAuthPresent and NumericLessThan age", () => {
    const c = trust.Statement[0]!.Condition!;
    assert.deepEqual(c.Bool, { "aws:MultiFactorAuthPresent": "true" });
    assert.deepEqual(c.NumericLessThan, { "aws:MultiFactorAuthAge": "900" });
  });
});

describe("IAM_GRANTS: what each capability means in IAM", () => {
  const model = roleStatements(role("model-management"), CTX);
  const audit = roleStatements(role("audit-view"), CTX);
  const inference = roleStatements(role("inference-only"), CTX);
  const cluster = `arn:aws:eks:eu-west-1:${ACCT}:cluster/rampart-prod`;
  const key = CTX.modelsKeyArn;
  const via = { "kms:ViaService": "s3.eu-west-1.amazonaws.com" };

  test("every role describes our cluster and no other", () => {
    for (const s of [model, audit, inference]) {
      assert.equal(call(s, "eks:DescribeCluster", cluster), "allow");
      assert.equal(call(s, "eks:DescribeCluster", `arn:aws:eks:eu-west-1:${ACCT}:cluster/other`), "deny");
      assert.equal(call(s, "eks:ListClusters", "*"), "allow");
    }
  });

  test("inference-only has no other IAM permission", () => {
    assert.deepEqual(
      inference.map((s) => s.Action),
      ["eks:DescribeCluster", "eks:ListClusters"],
    );
  });

  test("models.publish: our model buckets and the models key through S3, never administration", () => {
    const obj = "arn:aws:s3:::rampart-prod-models-abc/llama/weights.safetensors";
    assert.equal(call(model, "s3:PutObject", obj), "allow");
    assert.equal(call(model, "s3:GetObject", obj), "allow");
    assert.equal(call(model, "s3:ListBucket", "arn:aws:s3:::rampart-prod-models-abc"), "allow");
    assert.equal(call(model, "s3:PutObject", obj, { "aws:ResourceAccount": "999999999999" }), "deny");
    assert.equal(call(model, "s3:PutObject", "arn:aws:s3:::rampart-prod-transcripts-1/x"), "deny");
    for (const a of ["s3:DeleteObjectVersion", "s3:PutBucketPolicy", "s3:DeleteObject"])
      assert.equal(
        call(model, a, a.includes("Bucket") ? "arn:aws:s3:::rampart-prod-models-abc" : obj),
        "deny",
        a,
      );
    assert.equal(call(model, "kms:GenerateDataKey", key, via), "allow");
    assert.equal(call(model, "kms:Decrypt", key, via), "allow");
    assert.equal(call(model, "kms:Decrypt", key), "deny");
    for (const a of ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey", "kms:CreateGrant"])
      assert.equal(call(model, a, key, via), "deny", a);
  });

  test("audit.read: logs, findings and the archive read; no write anywhere", () => {
    const logs = `arn:aws:logs:eu-west-1:${ACCT}:log-group:/rampart/prod/app`;
    assert.equal(call(audit, "logs:FilterLogEvents", logs), "allow");
    assert.equal(
      call(
        audit,
        "logs:FilterLogEvents",
        `arn:aws:logs:eu-west-1:${ACCT}:log-group:/aws/eks/rampart-prod/cluster`,
      ),
      "allow",
    );
    assert.equal(
      call(audit, "logs:FilterLogEvents", `arn:aws:logs:eu-west-1:${ACCT}:log-group:/other`),
      "deny",
    );
    assert.equal(call(audit, "cloudtrail:LookupEvents", "*"), "allow");
    assert.equal(call(audit, "guardduty:GetFindings", "*"), "allow");
    assert.equal(call(audit, "securityhub:GetFindings", "*"), "allow");
    assert.equal(
      call(audit, "s3:GetObject", "arn:aws:s3:::rampart-prod-archive-123/cloudtrail/x.json.gz"),
      "allow",
    );
    assert.equal(call(audit, "kms:Decrypt", CTX.siemKeyArn!, via), "allow");
    for (const [a, r] of [
      ["logs:PutLogEvents", logs],
      ["logs:DeleteLogGroup", logs],
      ["s3:PutObject", "arn:aws:s3:::rampart-prod-archive-123/x"],
      ["guardduty:ArchiveFindings", "*"],
      ["securityhub:BatchUpdateFindings", "*"],
      ["iam:CreateUser", "*"],
      ["kms:Decrypt", CTX.modelsKeyArn],
    ] as const)
      assert.equal(call(audit, a, r, via), "deny", a);
  });

  test("without a SIEM archive, audit.read grants no archive or key statement", () => {
    const s = IAM_GRANTS["audit.read"]({ ...CTX, archiveBucketNamePrefix: undefined, siemKeyArn: undefined });
    assert.deepEqual(
      s.map((x) => x.Sid),
      ["AuditLogsRead", "AuditLogsList", "AuditFindingsRead"],
    );
  });

  test("platform.admin is AdministratorAccess (a managed policy) and nothing inline", () => {
    assert.deepEqual(IAM_GRANTS["platform.admin"](CTX), []);
    assert.deepEqual(roleManagedPolicies(role("platform-admin"), "aws-us-gov"), [
      "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
    ]);
    assert.deepEqual(roleManagedPolicies(role("audit-view"), "aws"), []);
  });

  test("Sids are unique across the table (a role's policy joins them) and IAM-valid", () => {
    const sids = CAPABILITIES.flatMap((c) => IAM_GRANTS[c](CTX).map((s) => s.Sid));
    assert.equal(new Set(sids).size, sids.length);
    for (const sid of sids) assert.match(sid, /^[A-Za-z0-9]+$/);
  });

  test("every capability has a README line and a managed-policy entry", () => {
    for (const c of CAPABILITIES) {
      assert.ok(IAM_SUMMARY[c].length > 0, c);
      assert.ok(Array.isArray(IAM_MANAGED_POLICIES[c]("aws")), c);
    }
  });
});

describe("the permissions boundary", () => {
  const admin = [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }];

  test("an administrator under it cannot remove it, change the access roles, or blind detection", () => {
    const denied: [string, string][] = [
      ["iam:DeleteRolePermissionsBoundary", `arn:aws:iam::${ACCT}:role/rampart-prod-access-platform-admin`],
      ["iam:PutRolePermissionsBoundary", `arn:aws:iam::${ACCT}:role/anything`],
      ["iam:UpdateAssumeRolePolicy", `arn:aws:iam::${ACCT}:role/rampart-prod-access-break-glass`],
      ["iam:AttachRolePolicy", `arn:aws:iam::${ACCT}:role/rampart-prod-access-audit-view`],
      ["iam:CreatePolicyVersion", `arn:aws:iam::${ACCT}:policy/rampart-prod-access-boundary`],
      ["iam:PassRole", `arn:aws:iam::${ACCT}:role/rampart-prod-access-platform-admin`],
      ["kms:ScheduleKeyDeletion", `arn:aws:kms:eu-west-1:${ACCT}:key/any`],
      ["kms:PutKeyPolicy", `arn:aws:kms:eu-west-1:${ACCT}:key/any`],
      ["kms:DisableKey", `arn:aws:kms:eu-west-1:${ACCT}:key/any`],
      ["cloudtrail:StopLogging", `arn:aws:cloudtrail:eu-west-1:${ACCT}:trail/t`],
      ["cloudtrail:DeleteTrail", `arn:aws:cloudtrail:eu-west-1:${ACCT}:trail/t`],
      ["cloudtrail:PutEventSelectors", `arn:aws:cloudtrail:eu-west-1:${ACCT}:trail/t`],
      ["guardduty:DeleteDetector", "*"],
      ["guardduty:UpdateDetector", "*"],
      ["guardduty:DisassociateFromAdministratorAccount", "*"],
      ["securityhub:DisableSecurityHub", "*"],
      ["config:StopConfigurationRecorder", "*"],
      ["config:DeleteDeliveryChannel", "*"],
      ["s3:DeleteBucket", "arn:aws:s3:::rampart-prod-archive-123"],
      ["s3:PutBucketPolicy", "arn:aws:s3:::rampart-prod-archive-123"],
      ["s3:PutBucketObjectLockConfiguration", "arn:aws:s3:::rampart-prod-archive-123"],
      ["organizations:LeaveOrganization", "*"],
    ];
    for (const [a, r] of denied) assert.equal(call(admin, a, r), "deny", `${a} on ${r}`);
  });

  test("new roles must carry the boundary (no unbounded way out)", () => {
    const boundary = `arn:aws:iam::${ACCT}:policy/rampart-prod-access-boundary`;
    const r = `arn:aws:iam::${ACCT}:role/app`;
    assert.equal(call(admin, "iam:CreateRole", r), "deny");
    assert.equal(
      call(admin, "iam:CreateRole", r, { "iam:PermissionsBoundary": `arn:aws:iam::${ACCT}:policy/x` }),
      "deny",
    );
    assert.equal(call(admin, "iam:CreateRole", r, { "iam:PermissionsBoundary": boundary }), "allow");
  });

  test("it leaves ordinary administration alone", () => {
    for (const [a, r] of [
      ["eks:UpdateClusterConfig", `arn:aws:eks:eu-west-1:${ACCT}:cluster/rampart-prod`],
      ["s3:PutBucketPolicy", "arn:aws:s3:::rampart-prod-models-abc"],
      ["kms:EnableKeyRotation", `arn:aws:kms:eu-west-1:${ACCT}:key/any`],
      ["iam:AttachRolePolicy", `arn:aws:iam::${ACCT}:role/app`],
      ["guardduty:GetFindings", "*"],
    ] as const)
      assert.equal(call(admin, a, r), "allow", a);
  });

  test("it fits IAM's 6,144-character managed policy limit with the longest name prefix (24)", () => {
    const size = policySize(
      boundaryPolicy({ partition: "aws-us-gov", accountId: ACCT, namePrefix: "a".repeat(24) }),
    );
    assert.ok(size <= IAM_LIMITS.managedPolicyChars, `${size} characters`);
  });
});

describe("names and tags", () => {
  test("role names fit IAM's 64 characters for every built-in role with any valid prefix", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/), (prefix) => {
        for (const name of Object.keys(BUILTIN_CAPABILITIES))
          assert.ok(accessRoleName(prefix, name).length <= IAM_LIMITS.roleName);
      }),
    );
  });

  test("validation refuses a custom role whose IAM name would pass 64 characters, and a bad prefix", () => {
    const base = {
      namePrefix: "a".repeat(24),
      identityProvider: SAML,
      clusterName: "c",
      kubeProvider: undefined as never,
      logGroupPrefix: "/rampart/prod/",
      modelBucketNamePrefix: "rampart-prod-models-",
      modelsKeyArn: "k",
    };
    const long = { ...role("audit-view"), name: "a-very-long-custom-role-name-xyz1" };
    const problems = validateAccessControlArgs({ ...base, roles: [long] });
    assert.deepEqual(
      problems.map((p) => [p.path.join("."), p.message]),
      [
        [
          "roles.0.name",
          `makes the IAM role name ${"a".repeat(24)}-access-${long.name} 65 characters long (expected at most 64: shorten the role name)`,
        ],
      ],
    );
    assert.deepEqual(
      validateAccessControlArgs({ ...base, namePrefix: "Rampart_Prod", roles: [role("audit-view")] }).map(
        (p) => p.path.join("."),
      ),
      ["namePrefix"],
    );
  });

  test("tags: rampart:access-role on every role, rampart:role=admin on administrative ones only", () => {
    assert.deepEqual(accessRoleTags(role("platform-admin")), {
      "rampart:access-role": "platform-admin",
      "rampart:role": "admin",
    });
    assert.deepEqual(accessRoleTags(role("break-glass")), {
      "rampart:access-role": "break-glass",
      "rampart:role": "admin",
    });
    assert.deepEqual(accessRoleTags(role("audit-view")), { "rampart:access-role": "audit-view" });
  });
});
