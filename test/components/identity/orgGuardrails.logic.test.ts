import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { parsePolicyDocument, type Request, type SourcedPolicy } from "../../../cli/verify/iam";
import { evaluateScps, FULL_AWS_ACCESS } from "../../../cli/verify/iam/scp";
import type { OrgGuardrailsArgs } from "../../../components/identity/orgGuardrails.args";
import {
  GUARDRAILS,
  orgGuardrailsProblems,
  partitionOf,
  resolveGuardrails,
  SCP_MAX_BYTES,
  SCP_POLICIES,
  scpBytes,
  scpContent,
  scpPlans,
} from "../../../components/identity/orgGuardrails.logic";

/**
 * The SCP documents, decided by the repo's IAM evaluator (cli/verify/iam) the way AWS combines SCPs:
 * FullAWSAccess at the root, ours beside FullAWSAccess on the OU. Each case names the request and the
 * decision the guardrail promises.
 */

const ACCOUNT = "123456789012";
const ARGS: OrgGuardrailsArgs = {
  namePrefix: "rampart-prod",
  accountRole: "management",
  allowedRegions: ["eu-west-1", "eu-central-1"],
  targetIds: ["ou-ab12-cdef3456", "210987654321"],
  exemptPrincipalArns: ["arn:aws:iam::*:role/rampart-deployer"],
};

function sourced(args: OrgGuardrailsArgs): SourcedPolicy[] {
  return scpPlans(resolveGuardrails(args)).map((plan) => {
    // Parse what AWS receives (the minified content), not the object it came from.
    const parsed = parsePolicyDocument(scpContent(plan.document), "scp");
    assert.deepEqual(parsed.problems, [], `${plan.name} follows the SCP grammar`);
    assert.ok(parsed.complete);
    return { kind: "scp", urn: `urn:${plan.name}`, property: "content", document: parsed.document };
  });
}

const roleCaller = (name: string) => ({
  principal: {
    type: "aws" as const,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/session`,
    account: ACCOUNT,
  },
  // A session's aws:PrincipalArn is its role's ARN.
  principalArn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
});
const ROOT = {
  principal: { type: "aws" as const, arn: `arn:aws:iam::${ACCOUNT}:root`, account: ACCOUNT },
  principalArn: `arn:aws:iam::${ACCOUNT}:root`,
};
type Caller = ReturnType<typeof roleCaller>;

function decide(
  docs: SourcedPolicy[],
  caller: Caller,
  action: string,
  region: string,
  resource = "*",
  extra: Request["context"] = {},
) {
  const request: Request = {
    principal: caller.principal,
    action,
    resource,
    context: { "aws:RequestedRegion": region, "aws:PrincipalArn": caller.principalArn, ...extra },
  };
  return evaluateScps(request, [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, ...docs]]);
}

describe("data-regions", () => {
  const docs = sourced(ARGS);
  const dev = roleCaller("platform-admin");

  test("ec2:RunInstances outside the allowed Regions is denied by DataRegions; inside, it is not", () => {
    const out = decide(docs, dev, "ec2:RunInstances", "us-east-1");
    assert.equal(out.decision, "deny");
    assert.deepEqual(out.statements, ["urn:data-regions content DataRegions"]);
    assert.equal(decide(docs, dev, "ec2:RunInstances", "eu-west-1").decision, "allow");
    assert.equal(decide(docs, dev, "ec2:RunInstances", "eu-central-1").decision, "allow");
  });

  test("global services answer from us-east-1 and stay usable: iam:CreateRole, sts, route53, support", () => {
    for (const action of [
      "iam:CreateRole",
      "sts:AssumeRole",
      "route53:ChangeResourceRecordSets",
      "support:CreateCase",
    ])
      assert.equal(decide(docs, dev, action, "us-east-1").decision, "allow", action);
  });

  test("only the listed S3 actions are global: listing buckets passes, creating one in us-east-1 does not", () => {
    assert.equal(decide(docs, dev, "s3:ListAllMyBuckets", "us-east-1").decision, "allow");
    assert.equal(decide(docs, dev, "s3:CreateBucket", "us-east-1").decision, "deny");
    // KMS is regional: keys must not be made outside the data Regions.
    assert.equal(decide(docs, dev, "kms:CreateKey", "us-east-1").decision, "deny");
  });

  test("an exempt principal (the deployer, in any account) passes in any Region", () => {
    const deployer = roleCaller("rampart-deployer");
    assert.equal(decide(docs, deployer, "ec2:RunInstances", "us-east-1").decision, "allow");
  });
});

describe("protect-detectors", () => {
  const docs = sourced(ARGS);
  const admin = roleCaller("platform-admin");
  const archive = "arn:aws:s3:::rampart-prod-archive-0a1b2c";

  test("turning the trail, GuardDuty, Config or Security Hub off is denied, even to an administrator", () => {
    for (const action of [
      "cloudtrail:StopLogging",
      "cloudtrail:DeleteTrail",
      "cloudtrail:PutEventSelectors",
      "guardduty:DeleteDetector",
      "guardduty:UpdateDetector",
      "guardduty:CreateFilter",
      "guardduty:DisassociateFromAdministratorAccount",
      "config:StopConfigurationRecorder",
      "config:DeleteDeliveryChannel",
      "securityhub:DisableSecurityHub",
      "securityhub:BatchDisableStandards",
    ]) {
      const out = decide(docs, admin, action, "eu-west-1");
      assert.equal(out.decision, "deny", action);
      assert.deepEqual(out.statements, ["urn:protect content ProtectDetectors"], action);
    }
  });

  test("reading the detectors is not touched", () => {
    for (const action of ["cloudtrail:LookupEvents", "guardduty:ListFindings", "securityhub:GetFindings"])
      assert.equal(decide(docs, admin, action, "eu-west-1").decision, "allow", action);
  });

  test("the log archive cannot be deleted, unlocked or re-policied; other buckets can", () => {
    for (const action of [
      "s3:DeleteBucket",
      "s3:PutBucketPolicy",
      "s3:PutLifecycleConfiguration",
      "s3:PutBucketObjectLockConfiguration",
    ]) {
      const out = decide(docs, admin, action, "eu-west-1", archive);
      assert.equal(out.decision, "deny", action);
      assert.deepEqual(out.statements, ["urn:protect content ProtectLogArchive"]);
    }
    assert.equal(
      decide(docs, admin, "s3:DeleteBucket", "eu-west-1", "arn:aws:s3:::rampart-prod-models-0a1b").decision,
      "allow",
    );
  });

  test("the exempt deployer keeps managing the detectors (the SIEM stack creates them)", () => {
    const deployer = roleCaller("rampart-deployer");
    assert.equal(decide(docs, deployer, "cloudtrail:UpdateTrail", "eu-west-1").decision, "allow");
    assert.equal(decide(docs, deployer, "s3:PutBucketPolicy", "eu-west-1", archive).decision, "allow");
  });
});

describe("protect-organization and deny-root", () => {
  const docs = sourced(ARGS);

  test("LeaveOrganization is denied to everyone, exempt principals included", () => {
    for (const caller of [roleCaller("platform-admin"), roleCaller("rampart-deployer")]) {
      const out = decide(docs, caller, "organizations:LeaveOrganization", "us-east-1");
      assert.equal(out.decision, "deny");
      assert.deepEqual(out.statements, ["urn:protect content ProtectOrganization"]);
    }
  });

  test("the member account's root user can do nothing, in any Region", () => {
    for (const action of ["s3:GetObject", "iam:CreateAccessKey", "ec2:DescribeInstances"]) {
      const out = decide(docs, ROOT, action, "eu-west-1");
      assert.equal(out.decision, "deny", action);
      assert.ok(out.statements.includes("urn:protect content DenyRoot"), action);
    }
  });

  test("a centralised-root-access session (sts:AssumeRoot from the management account) is not denied by DenyRoot", () => {
    const out = decide(docs, ROOT, "s3:DeleteBucketPolicy", "eu-west-1", "arn:aws:s3:::locked-bucket", {
      "aws:AssumedRoot": "true",
    });
    assert.equal(out.decision, "allow");
  });
});

describe("documents", () => {
  test("two policies carry the four guardrails: four would fill the 5-SCP slots with FullAWSAccess", () => {
    assert.deepEqual(Object.values(SCP_POLICIES).flat().sort(), [...GUARDRAILS].sort());
    assert.ok(Object.keys(SCP_POLICIES).length + 1 <= 4, "leaves a slot for the organisation's own SCP");
  });

  test("every statement is a Deny: the guardrails never grant", () => {
    for (const plan of scpPlans(resolveGuardrails(ARGS)))
      assert.ok(plan.document.Statement.every((s) => s.Effect === "Deny"));
  });

  test("content is minified JSON (AWS counts whitespace sent through the API) and within 5,120 bytes", () => {
    for (const plan of scpPlans(resolveGuardrails(ARGS))) {
      const content = scpContent(plan.document);
      assert.equal(content, JSON.stringify(JSON.parse(content)));
      assert.ok(!/\s/.test(content.replace(/"[^"]*"/g, "")), "no whitespace outside strings");
      assert.ok(scpBytes(plan.document) <= SCP_MAX_BYTES, `${plan.name}: ${scpBytes(plan.document)} bytes`);
    }
  });

  test("property: any valid Args within 20 exempt ARNs and 10 Regions give documents within the quota", () => {
    const region = fc.constantFrom("eu-west-1", "eu-central-1", "us-east-1", "ap-southeast-2", "eu-north-1");
    const arn = fc.stringMatching(/^[a-z][a-z0-9-]{0,40}$/).map((n) => `arn:aws:iam::${ACCOUNT}:role/${n}`);
    fc.assert(
      fc.property(
        fc.array(region, { minLength: 1, maxLength: 10 }),
        fc.array(arn, { maxLength: 20 }),
        (allowedRegions, exemptPrincipalArns) => {
          const args = { ...ARGS, allowedRegions, exemptPrincipalArns };
          assert.deepEqual(orgGuardrailsProblems(args), []);
          for (const plan of scpPlans(resolveGuardrails(args)))
            assert.ok(scpBytes(plan.document) <= SCP_MAX_BYTES);
        },
      ),
    );
  });

  test("too many exempt principals is one clear problem naming the policy and the quota", () => {
    const many = Array.from({ length: 120 }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/automation-role-${i}`);
    const problems = orgGuardrailsProblems({ ...ARGS, exemptPrincipalArns: many });
    assert.deepEqual(
      problems.map((p) => p.path),
      [["exemptPrincipalArns"], ["exemptPrincipalArns"]],
    );
    assert.match(
      problems[0]!.message,
      /^make the data-regions policy \d+ bytes, over the 5120-byte SCP quota/,
    );
    assert.match(problems[1]!.message, /^make the protect policy \d+ bytes/);
  });

  test("a stack that is not the management or delegated administrator account is refused", () => {
    const problems = orgGuardrailsProblems({ ...ARGS, accountRole: "member" as never });
    assert.deepEqual(
      problems.map((p) => p.path),
      [["accountRole"]],
    );
  });

  test("the archive default follows the SIEM's bucket prefix; the partition follows the Regions", () => {
    assert.equal(resolveGuardrails(ARGS).archiveBucketNamePrefix, "rampart-prod-archive-");
    const gov = resolveGuardrails({ ...ARGS, allowedRegions: ["us-gov-west-1"] });
    assert.equal(gov.partition, "aws-us-gov");
    assert.equal(partitionOf("cn-north-1"), "aws-cn");
    assert.equal(partitionOf("eu-west-1"), "aws");
    const archive = scpPlans(gov)[1]!.document.Statement.find((s) => s.Sid === "ProtectLogArchive")!;
    assert.deepEqual(archive.Resource, ["arn:aws-us-gov:s3:::rampart-prod-archive-*"]);
    assert.deepEqual(
      orgGuardrailsProblems({ ...ARGS, allowedRegions: ["eu-west-1", "cn-north-1"] }).map((p) => p.path),
      [["allowedRegions"]],
    );
  });

  test("without exempt principals the detector statements have no condition (nobody is exempt)", () => {
    const docs = sourced({ ...ARGS, exemptPrincipalArns: [] });
    const out = decide(docs, roleCaller("rampart-deployer"), "cloudtrail:StopLogging", "eu-west-1");
    assert.equal(out.decision, "deny");
  });
});
