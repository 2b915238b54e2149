import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { lintPolicyDocuments, parseAccessCases, verifyAccess } from "../../../cli/verify/iam";
import { identityAccess } from "../../../cli/verify/iam/identityAccess";
import type { ExportResource } from "../../../cli/verify/iam/types";
import { createIamRoles } from "../../../components/identity/accessControl.iam";
import {
  type AccessRole,
  BUILTIN_CAPABILITIES,
  BUILTIN_ROLE_NAMES,
} from "../../../components/identity/roles";
import { KeyRing } from "../../../components/security/keyRing";
import { flattenConfig, runComponent, stackConfig } from "../../helpers/harness";

/**
 * AccessControl's IAM roles in an export built under mocks with the real KeyRing (its `models` key and
 * policy), a model bucket, a stack log group and the cluster: each role's cases must get their
 * verdict, and the same export with one safeguard removed must fail the cases that depend on it.
 */

class TestScope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:identity:Scope", name, {}, {});
  }
}

const ACCT = "123456789012";
const BREAK_GLASS_USER = "arn:aws:iam::210987654321:user/breakglass";
const roles: AccessRole[] = BUILTIN_ROLE_NAMES.map((name) => ({
  name,
  capabilities: BUILTIN_CAPABILITIES[name],
  groups: name === "break-glass" ? [] : [`aws-${name}`],
  namespaces: ["inference"],
  mfa: name === "platform-admin" || name === "break-glass",
  maxSessionSeconds: 3600,
  breakGlass: name === "break-glass",
}));

async function exportOf(): Promise<ExportResource[]> {
  const run = await runComponent(() => {
    const ring = new KeyRing("keys", { stack: "dev" });
    new aws.s3.Bucket("models", { bucket: "rampart-dev-models-abc" });
    new aws.s3.Bucket("archive", { bucket: "rampart-dev-archive-1" });
    new aws.cloudwatch.LogGroup("app-logs", { name: "/rampart/dev/app", retentionInDays: 30 });
    // Named as the real ones are (the mock runtime names an ARN after the resource).
    new aws.eks.Cluster("rampart-dev", {
      name: "rampart-dev",
      roleArn: `arn:aws:iam::${ACCT}:role/cluster`,
      vpcConfig: { subnetIds: ["subnet-1"] },
    });
    new aws.cloudtrail.Trail("rampart-dev-trail", {
      name: "rampart-dev-trail",
      s3BucketName: "rampart-dev-archive-1",
    });
    createIamRoles(new TestScope("access"), "access", {
      namePrefix: "rampart-dev",
      roles,
      identityProvider: { kind: "saml", providerArn: `arn:aws:iam::${ACCT}:saml-provider/okta` },
      breakGlassPrincipalArns: [BREAK_GLASS_USER],
      mfaMaxAgeSeconds: 900,
      clusterName: "rampart-dev",
      logGroupPrefix: "/rampart/dev/",
      modelBucketNamePrefix: "rampart-dev-models-",
      modelsKeyArn: ring.keyArns.models,
      archiveBucketNamePrefix: "rampart-dev-archive-",
      siemKeyArn: ring.keyArns.siem,
    });
  });
  const config = flattenConfig(stackConfig("dev"));
  return toStackExport(run.resources, { project: PROJECT, stack: "dev", config }).deployment.resources;
}

/** The export with a resource's JSON property rewritten. */
function edit(
  resources: readonly ExportResource[],
  match: (r: ExportResource) => boolean,
  change: (inputs: Record<string, any>) => Record<string, any>,
): ExportResource[] {
  return resources.map((r) => (match(r) ? { ...r, inputs: change({ ...r.inputs }) } : r));
}
const named = (name: string) => (r: ExportResource) => r.urn.endsWith(`::${name}`);
const failing = (resources: readonly ExportResource[]) =>
  verifyAccess(resources, identityAccess(resources))
    .filter((v) => !v.pass)
    .map((v) => v.id)
    .sort();

describe("AccessControl's IAM access cases", () => {
  let resources: ExportResource[];
  before(async () => {
    resources = await exportOf();
  });

  test("every policy document is well-formed, with actions and condition keys AWS knows", () => {
    assert.deepEqual(lintPolicyDocuments(resources), []);
  });

  test("cases are data in the documented format, cite their source, and cover every role", () => {
    const cases = identityAccess(resources);
    assert.deepEqual(parseAccessCases(JSON.parse(JSON.stringify(cases))), JSON.parse(JSON.stringify(cases)));
    assert.ok(cases.every((c) => /^https:\/\//.test(c.cite)));
    for (const id of [
      "identity/model-management/s3:PutObject/rampart-dev-models-abc",
      "identity/model-management/kms:ScheduleKeyDeletion/keys-models-key-id",
      "identity/model-management/kms:PutKeyPolicy/keys-models-key-id",
      "identity/model-management/kms:DisableKey/keys-models-key-id",
      "identity/model-management/kms:Decrypt/not-through-s3/keys-models-key-id",
      "identity/audit-view/logs:FilterLogEvents//rampart/dev/app",
      "identity/audit-view/s3:PutObject/rampart-dev-models-abc",
      "identity/audit-view/s3:GetObject/rampart-dev-archive-1",
      "identity/audit-view/kms:Decrypt/through-s3/keys-siem-key-id",
      "identity/audit-view/s3:PutObject/rampart-dev-archive-1",
      "identity/audit-view/iam:CreateUser",
      "identity/inference-only/eks:UpdateClusterConfig/rampart-dev",
      "identity/platform-admin/iam:DeleteRolePermissionsBoundary",
      "identity/platform-admin/cloudtrail:StopLogging/rampart-dev-trail",
      "identity/break-glass/trust/breakglass/without-mfa",
      "identity/break-glass/trust/breakglass/with-mfa",
      "identity/audit-view/trust/other-principal",
    ])
      assert.ok(
        cases.some((c) => c.id === id),
        `no case ${id}`,
      );
  });

  test("every case gets the expected verdict", () => {
    const failures = verifyAccess(resources, identityAccess(resources))
      .filter((v) => !v.pass)
      .map((v) => `${v.id}: expected ${v.expect}, got ${v.verdict} (${v.reason})`);
    assert.deepEqual(failures, []);
  });

  test("the boundary decides: platform-admin without it may stop the trail and delete keys", () => {
    const unbounded = edit(resources, named("access-platform-admin"), (i) => {
      delete i.permissionsBoundary;
      return i;
    });
    assert.deepEqual(failing(unbounded), [
      "identity/platform-admin/cloudtrail:StopLogging/rampart-dev-trail",
      "identity/platform-admin/iam:DeleteRolePermissionsBoundary",
      "identity/platform-admin/kms:ScheduleKeyDeletion/keys-models-key-id",
    ]);
  });

  test("break-glass without the MFA condition fails its trust case", () => {
    const noMfa = edit(resources, named("access-break-glass"), (i) => {
      const doc = JSON.parse(i.assumeRolePolicy);
      delete doc.Statement[0].Condition;
      return { ...i, assumeRolePolicy: JSON.stringify(doc) };
    });
    assert.deepEqual(failing(noMfa), ["identity/break-glass/trust/breakglass/without-mfa"]);
  });

  test("model-management with s3:* on its buckets fails the version-deletion and bucket-policy cases", () => {
    const broad = edit(resources, named("access-model-management-policy"), (i) => {
      const doc = JSON.parse(i.policy);
      doc.Statement.push({ Sid: "Broad", Effect: "Allow", Action: "s3:*", Resource: "*" });
      return { ...i, policy: JSON.stringify(doc) };
    });
    assert.deepEqual(failing(broad), [
      "identity/model-management/s3:DeleteObjectVersion/rampart-dev-models-abc",
      "identity/model-management/s3:PutBucketPolicy/rampart-dev-models-abc",
    ]);
  });

  test("audit-view without its archive statement fails its archive read, and only that", () => {
    const blind = edit(resources, named("access-audit-view-policy"), (i) => {
      const doc = JSON.parse(i.policy);
      doc.Statement = doc.Statement.filter((st: { Sid: string }) => st.Sid !== "ArchiveRead");
      return { ...i, policy: JSON.stringify(doc) };
    });
    assert.deepEqual(failing(blind), ["identity/audit-view/s3:GetObject/rampart-dev-archive-1"]);
  });

  test("inference-only with write access fails its write cases (the boundary still refuses IAM)", () => {
    const writer = edit(resources, named("access-inference-only-policy"), (i) => {
      const doc = JSON.parse(i.policy);
      doc.Statement.push({
        Sid: "Write",
        Effect: "Allow",
        Action: ["s3:PutObject", "eks:*", "logs:*"],
        Resource: "*",
      });
      return { ...i, policy: JSON.stringify(doc) };
    });
    assert.deepEqual(failing(writer), [
      "identity/inference-only/eks:CreateAccessEntry/rampart-dev",
      "identity/inference-only/eks:UpdateClusterConfig/rampart-dev",
      "identity/inference-only/logs:DeleteLogGroup//rampart/dev/app",
      "identity/inference-only/logs:PutRetentionPolicy//rampart/dev/app",
      "identity/inference-only/s3:PutObject/another-account",
      "identity/inference-only/s3:PutObject/rampart-dev-archive-1",
      "identity/inference-only/s3:PutObject/rampart-dev-models-abc",
    ]);
  });
});
