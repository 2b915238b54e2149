import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { lintPolicyDocuments, parsePolicyDocument, type Request } from "../../../cli/verify/iam";
import { evaluateScps, FULL_AWS_ACCESS } from "../../../cli/verify/iam/scp";
import { OrgGuardrails, type OrgGuardrailsArgs } from "../../../components/identity/orgGuardrails";
import { SCP_MAX_BYTES } from "../../../components/identity/orgGuardrails.logic";
import {
  type Captured,
  type CapturedResource,
  flattenConfig,
  plain,
  runComponent,
  stackConfig,
  unwrap,
} from "../../helpers/harness";

/**
 * OrgGuardrails under Pulumi's mock runtime: exactly the SCPs and attachments, what AWS receives, and
 * the registered documents decided by the IAM evaluator.
 */

const ARGS: OrgGuardrailsArgs = {
  namePrefix: "rampart-prod",
  accountRole: "delegated-administrator",
  allowedRegions: ["eu-west-1"],
  targetIds: ["ou-ab12-cdef3456", "210987654321"],
  exemptPrincipalArns: ["arn:aws:iam::*:role/rampart-deployer"],
  tags: { team: "platform" },
};
const input = (r: CapturedResource) => plain<Record<string, any>>(r.inputs);

describe("OrgGuardrails", () => {
  let run: Captured;
  let policyIds: Record<string, string>;
  before(async () => {
    run = await runComponent(async () => {
      const g = new OrgGuardrails("org", ARGS);
      policyIds = Object.fromEntries(
        await Promise.all(Object.entries(g.policyIds).map(async ([k, v]) => [k, await unwrap(v)])),
      );
    });
  });

  test("registers two SCPs and one attachment per policy and target, all parented to the component", () => {
    const component = run.one("rampart:identity:OrgGuardrails", "org");
    assert.deepEqual(
      run
        .descendantsOf(component)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "aws:organizations/policy:Policy org-data-regions",
        "aws:organizations/policy:Policy org-protect",
        "aws:organizations/policyAttachment:PolicyAttachment org-data-regions-210987654321",
        "aws:organizations/policyAttachment:PolicyAttachment org-data-regions-ou-ab12-cdef3456",
        "aws:organizations/policyAttachment:PolicyAttachment org-protect-210987654321",
        "aws:organizations/policyAttachment:PolicyAttachment org-protect-ou-ab12-cdef3456",
      ],
    );
    assert.ok(run.descendantsOf(component).every((r) => r.parent === component.urn));
  });

  test("policies: service control policies, named by prefix, tagged with the guardrails they carry", () => {
    const regions = input(run.named("org-data-regions"));
    assert.equal(regions.type, "SERVICE_CONTROL_POLICY");
    assert.equal(regions.name, "rampart-prod-data-regions");
    assert.deepEqual(regions.tags, { team: "platform", "rampart:guardrails": "data-regions" });
    const protect = input(run.named("org-protect"));
    assert.equal(protect.type, "SERVICE_CONTROL_POLICY");
    assert.equal(protect.name, "rampart-prod-protect");
    assert.equal(protect.tags["rampart:guardrails"], "protect-detectors protect-organization deny-root");
    for (const p of [regions, protect]) {
      assert.ok(Buffer.byteLength(p.content, "utf8") <= SCP_MAX_BYTES);
      assert.equal(p.content, JSON.stringify(JSON.parse(p.content)), "minified as sent");
    }
  });

  test("attachments: each policy on each target, by the policy's id", () => {
    const attachments = run.ofType("aws:organizations/policyAttachment:PolicyAttachment").map(input);
    assert.deepEqual(attachments.map((a) => `${a.policyId} ${a.targetId}`).sort(), [
      "org-data-regions-id 210987654321",
      "org-data-regions-id ou-ab12-cdef3456",
      "org-protect-id 210987654321",
      "org-protect-id ou-ab12-cdef3456",
    ]);
  });

  test("policyIds: every guardrail maps to the policy that carries it", () => {
    assert.deepEqual(policyIds, {
      "data-regions": "org-data-regions-id",
      "protect-detectors": "org-protect-id",
      "protect-organization": "org-protect-id",
      "deny-root": "org-protect-id",
    });
  });

  test("the export's SCPs pass the policy linter: grammar, actions and condition keys exist", () => {
    const config = stackConfig("dev");
    const resources = toStackExport(run.resources, {
      project: PROJECT,
      stack: "dev",
      config: flattenConfig(config),
    }).deployment.resources;
    assert.equal(resources.filter((r) => r.type === "aws:organizations/policy:Policy").length, 2);
    assert.deepEqual(lintPolicyDocuments(resources), []);
  });

  test("the registered documents deny what they promise (evaluated beside FullAWSAccess)", () => {
    const docs = ["org-data-regions", "org-protect"].map((n) => ({
      kind: "scp" as const,
      urn: n,
      property: "content",
      document: parsePolicyDocument(input(run.named(n)).content, "scp").document,
    }));
    const req = (action: string, region: string, principalArn: string): Request => ({
      principal: { type: "aws", arn: principalArn, account: "210987654321" },
      action,
      resource: "*",
      context: { "aws:RequestedRegion": region, "aws:PrincipalArn": principalArn },
    });
    const admin = "arn:aws:iam::210987654321:role/platform-admin";
    const decide = (r: Request) => evaluateScps(r, [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, ...docs]]).decision;
    assert.equal(decide(req("ec2:RunInstances", "us-west-2", admin)), "deny");
    assert.equal(decide(req("ec2:RunInstances", "eu-west-1", admin)), "allow");
    assert.equal(decide(req("iam:CreateRole", "us-east-1", admin)), "allow");
    assert.equal(decide(req("cloudtrail:StopLogging", "eu-west-1", admin)), "deny");
    assert.equal(decide(req("organizations:LeaveOrganization", "us-east-1", admin)), "deny");
    assert.equal(decide(req("s3:GetObject", "eu-west-1", "arn:aws:iam::210987654321:root")), "deny");
  });
});

describe("OrgGuardrails refused", () => {
  test("a stack that is not the management or delegated administrator account: one RunError, nothing created", async () => {
    let error: any;
    const run = await runComponent(() => {
      try {
        new OrgGuardrails("org", { ...ARGS, accountRole: "member" as never, targetIds: ["r-ab12"] });
      } catch (err) {
        error = err;
      }
    });
    assert.ok(pulumi.RunError.isInstance(error));
    assert.match(error.message, /^OrgGuardrails org: invalid arguments \(2 problems\):\n/);
    assert.match(error.message, /\n {2}- accountRole: "member" is not an organisation role/);
    assert.match(error.message, /\n {2}- targetIds\[0\]: "r-ab12" is not an OU or account ID/);
    assert.deepEqual(run.registered, []);
  });

  test("documents over the SCP quota are refused before anything is created", async () => {
    let error: any;
    const many = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::123456789012:role/automation-${i}`);
    const run = await runComponent(() => {
      try {
        new OrgGuardrails("org", { ...ARGS, exemptPrincipalArns: many });
      } catch (err) {
        error = err;
      }
    });
    assert.ok(pulumi.RunError.isInstance(error));
    assert.match(
      error.message,
      /- exemptPrincipalArns: "60 ARNs, 1 Regions" make the protect policy \d+ bytes/,
    );
    assert.deepEqual(run.registered, []);
  });
});
