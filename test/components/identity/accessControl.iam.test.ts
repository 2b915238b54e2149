import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { createBreakGlassAlarm } from "../../../components/identity/accessControl.alarm";
import { createAccessEntries } from "../../../components/identity/accessControl.eks";
import { createIamRoles, type IamRolesInputs } from "../../../components/identity/accessControl.iam";
import {
  type AccessRole,
  BUILTIN_CAPABILITIES,
  BUILTIN_ROLE_NAMES,
} from "../../../components/identity/roles";
import { type Captured, json, plain, runComponent } from "../../helpers/harness";

/** A test-only parent for AccessControl's builders (the lead's component takes its place). */
class TestScope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:identity:Scope", name, {}, {});
  }
}

// The mock runtime's account and region (cli/runtime/mockOutputs.ts, Pulumi.dev.yaml).
const ACCT = "123456789012";
const TOPIC = `arn:aws:sns:us-east-1:${ACCT}:rampart-dev-alerts`;
const BREAK_GLASS_USER = "arn:aws:iam::210987654321:user/breakglass";

const roles: AccessRole[] = BUILTIN_ROLE_NAMES.map((name) => ({
  name,
  capabilities: BUILTIN_CAPABILITIES[name],
  groups: name === "break-glass" ? [] : [`aws-${name}`],
  namespaces: ["inference"],
  mfa: name === "platform-admin" || name === "break-glass",
  maxSessionSeconds: name === "break-glass" ? 900 : 3600,
  breakGlass: name === "break-glass",
}));

const inputs: IamRolesInputs = {
  namePrefix: "rampart-dev",
  roles,
  identityProvider: { kind: "saml", providerArn: `arn:aws:iam::${ACCT}:saml-provider/okta` },
  breakGlassPrincipalArns: [BREAK_GLASS_USER],
  clusterName: "rampart-dev",
  logGroupPrefix: "/rampart/dev/",
  modelBucketNamePrefix: "rampart-dev-models-",
  modelsKeyArn: `arn:aws:kms:us-east-1:${ACCT}:key/models`,
  archiveBucketNamePrefix: "rampart-dev-archive-",
  siemKeyArn: `arn:aws:kms:us-east-1:${ACCT}:key/siem`,
  tags: { team: "platform" },
};

async function build(over: Partial<IamRolesInputs> = {}): Promise<Captured> {
  return runComponent(() => {
    const scope = new TestScope("access");
    const iam = createIamRoles(scope, "access", { ...inputs, ...over });
    createAccessEntries(scope, "access", {
      clusterName: "rampart-dev",
      roles: over.roles ?? roles,
      roleArns: iam.roleArns,
      partition: iam.partition,
      tags: { team: "platform" },
    });
    const breakGlass = (over.roles ?? roles).find((r) => r.breakGlass);
    if (breakGlass)
      createBreakGlassAlarm(scope, "access", {
        namePrefix: "rampart-dev",
        roleArn: iam.roleArns[breakGlass.name]!,
        trailLogGroupName: "/rampart/dev/cloudtrail",
        alertTopicArn: TOPIC,
      });
  });
}

describe("createIamRoles under mocks", () => {
  let run: Captured;
  before(async () => {
    run = await build();
  });

  test("one role per access role, named <prefix>-access-<role>, with its session, boundary and tags", () => {
    const boundary = run.one("aws:iam/policy:Policy", "access-boundary");
    assert.equal(plain(boundary.inputs.name), "rampart-dev-access-boundary");
    const iamRoles = run.ofType("aws:iam/role:Role");
    assert.deepEqual(
      iamRoles.map((r) => plain(r.inputs.name)).sort(),
      BUILTIN_ROLE_NAMES.map((n) => `rampart-dev-access-${n}`).sort(),
    );
    for (const r of iamRoles) {
      const i = plain<Record<string, any>>(r.inputs);
      const name = String(i.name).replace("rampart-dev-access-", "");
      assert.equal(i.maxSessionDuration, name === "break-glass" ? 900 : 3600);
      assert.equal(i.permissionsBoundary, `arn:aws:iam::${ACCT}:policy/rampart-dev-access-boundary`);
      assert.equal(i.tags["rampart:access-role"], name);
      assert.equal(i.tags.team, "platform");
      assert.equal(
        i.tags["rampart:role"],
        ["platform-admin", "break-glass"].includes(name) ? "admin" : undefined,
      );
      assert.equal(r.parent, run.one("test:identity:Scope").urn);
    }
  });

  test("the federated roles trust the SAML provider only; break-glass the named user with MFA", () => {
    const trust = (n: string) => json(run.named(`access-${n}`).inputs.assumeRolePolicy);
    assert.deepEqual(trust("audit-view").Statement[0].Principal, {
      Federated: `arn:aws:iam::${ACCT}:saml-provider/okta`,
    });
    assert.deepEqual(trust("platform-admin").Statement[0].Condition.StringEquals, {
      "SAML:aud": "https://signin.aws.amazon.com/saml",
      "aws:RequestTag/rampart-mfa": "true",
    });
    const bg = trust("break-glass").Statement;
    assert.equal(bg.length, 1);
    assert.deepEqual(bg[0].Principal, { AWS: [BREAK_GLASS_USER] });
    assert.deepEqual(bg[0].Condition.Bool, { "aws:MultiFactorAuthPresent": "true" });
  });

  test("an inline policy for the roles with IAM needs; AdministratorAccess attached to the admin roles", () => {
    const inline = run.ofType("aws:iam/rolePolicy:RolePolicy");
    assert.deepEqual(inline.map((p) => p.name).sort(), [
      "access-audit-view-policy",
      "access-break-glass-policy",
      "access-inference-only-policy",
      "access-model-management-policy",
      "access-platform-admin-policy",
    ]);
    const mm = json(run.named("access-model-management-policy").inputs.policy);
    assert.deepEqual(
      mm.Statement.map((s: { Sid: string }) => s.Sid),
      [
        "DescribeOurCluster",
        "ListClusters",
        "ModelBucketsList",
        "ModelObjectsReadWrite",
        "ModelsKeyThroughS3",
      ],
    );
    assert.equal(mm.Statement[4].Resource, inputs.modelsKeyArn);
    assert.deepEqual(mm.Statement[4].Condition, {
      StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
    });
    const attachments = run.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    assert.deepEqual(attachments.map((a) => [plain(a.inputs.role), plain(a.inputs.policyArn)]).sort(), [
      ["rampart-dev-access-break-glass", "arn:aws:iam::aws:policy/AdministratorAccess"],
      ["rampart-dev-access-platform-admin", "arn:aws:iam::aws:policy/AdministratorAccess"],
    ]);
  });

  test("the boundary fits IAM's limit and denies removing itself", () => {
    const doc = plain<string>(run.one("aws:iam/policy:Policy").inputs.policy);
    assert.ok(doc.replace(/\s/g, "").length <= 6144);
    const sids = JSON.parse(doc).Statement.map((s: { Sid: string }) => s.Sid);
    assert.ok(sids.includes("NoBoundaryChanges") && sids.includes("NoAccessRoleChanges"));
  });
});

describe("createAccessEntries under mocks", () => {
  let run: Captured;
  before(async () => {
    run = await build();
  });

  test("an entry per role mapping its IAM role to rampart:<role>, tagged", () => {
    const entries = run.ofType("aws:eks/accessEntry:AccessEntry");
    assert.equal(entries.length, 5);
    for (const e of entries) {
      const i = plain<Record<string, any>>(e.inputs);
      const name = i.tags["rampart:access-role"];
      assert.equal(i.type, "STANDARD");
      assert.equal(i.clusterName, "rampart-dev");
      assert.equal(i.principalArn, `arn:aws:iam::${ACCT}:role/rampart-dev-access-${name}`);
      assert.deepEqual(i.kubernetesGroups, [`rampart:${name}`]);
    }
  });

  test("cluster-admin, cluster scope, for the platform.admin roles only", () => {
    const assoc = run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    assert.deepEqual(
      assoc
        .map((a) => [
          a.name,
          plain(a.inputs.principalArn),
          plain(a.inputs.policyArn),
          plain(a.inputs.accessScope),
        ])
        .sort(),
      ["break-glass", "platform-admin"].map((n) => [
        `access-${n}-cluster-admin`,
        `arn:aws:iam::${ACCT}:role/rampart-dev-access-${n}`,
        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        { type: "cluster" },
      ]),
    );
  });
});

describe("createBreakGlassAlarm under mocks", () => {
  let run: Captured;
  before(async () => {
    run = await build();
  });

  test("a metric filter on the trail's group for AssumeRole of the break-glass role", () => {
    const f = plain<Record<string, any>>(run.one("aws:cloudwatch/logMetricFilter:LogMetricFilter").inputs);
    assert.equal(f.logGroupName, "/rampart/dev/cloudtrail");
    assert.equal(
      f.pattern,
      `{ ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "arn:aws:iam::${ACCT}:role/rampart-dev-access-break-glass") }`,
    );
    assert.deepEqual(f.metricTransformation, {
      name: "break-glass-assume-role",
      namespace: "Rampart/rampart-dev/Identity",
      value: "1",
    });
  });

  test("the alarm fires on the first use within a minute, to the security topic, with its runbook", () => {
    const alarm = run.one("aws:cloudwatch/metricAlarm:MetricAlarm");
    const a = plain<Record<string, any>>(alarm.inputs);
    assert.equal(a.name, "rampart-dev-break-glass-used");
    assert.equal(a.statistic, "Sum");
    assert.equal(a.period, 60);
    assert.equal(a.threshold, 1);
    assert.equal(a.comparisonOperator, "GreaterThanOrEqualToThreshold");
    assert.equal(a.treatMissingData, "notBreaching");
    assert.deepEqual(a.alarmActions, [TOPIC]);
    assert.equal(a.metricName, "break-glass-assume-role");
    assert.equal(a.namespace, "Rampart/rampart-dev/Identity");
    assert.match(a.alarmDescription, /docs\/runbooks\/identity-break-glass-used\.md/);
    assert.ok(alarm.dependencies?.includes(run.one("aws:cloudwatch/logMetricFilter:LogMetricFilter").urn));
  });
});

describe("with a given boundary and no break-glass role", () => {
  test("no boundary policy is created; the roles carry the given one; no alarm", async () => {
    const given = `arn:aws:iam::${ACCT}:policy/corp-boundary`;
    const run = await build({ permissionsBoundaryArn: given, roles: roles.filter((r) => !r.breakGlass) });
    assert.equal(run.ofType("aws:iam/policy:Policy").length, 0);
    for (const r of run.ofType("aws:iam/role:Role")) assert.equal(plain(r.inputs.permissionsBoundary), given);
    assert.equal(run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").length, 0);
  });
});
