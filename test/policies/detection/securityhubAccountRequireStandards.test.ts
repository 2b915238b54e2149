import assert from "node:assert/strict";
import { test } from "node:test";
import { securityhubAccountRequireStandards as policy } from "../../../policy-pack/policies/detection/securityhubAccountRequireStandards";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const ACCOUNT = "aws:securityhub/account:Account";
const SUB = "aws:securityhub/standardsSubscription:StandardsSubscription";
const FSBP = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
const CIS3 = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0";
const CIS12 = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0";
const account = (props: Record<string, any>) => res(ACCOUNT, "hub", props);
const sub = (arn: string, name = "sub") => res(SUB, name, { standardsArn: arn });

test("default standards on (unset or true) pass: EnableSecurityHub subscribes FSBP and CIS 1.2.0", async () => {
  assert.deepEqual(await validateStack(policy, [account({})]), []);
  assert.deepEqual(await validateStack(policy, [account({ enableDefaultStandards: true })]), []);
});

test("default standards off with FSBP and CIS subscriptions (any CIS version) pass", async () => {
  const off = account({ enableDefaultStandards: false });
  assert.deepEqual(await validateStack(policy, [off, sub(FSBP, "fsbp"), sub(CIS3, "cis")]), []);
  assert.deepEqual(await validateStack(policy, [off, sub(FSBP, "fsbp"), sub(CIS12, "cis")]), []);
});

test("default standards off with a standard missing is flagged, naming it", async () => {
  const off = account({ enableDefaultStandards: false });
  assert.deepEqual(await validateStack(policy, [off, sub(FSBP)]), [
    {
      urn: off.urn,
      message:
        "Security Hub runs without CIS AWS Foundations Benchmark: add a StandardsSubscription for each (or leave enableDefaultStandards on).",
    },
  ]);
  assert.deepEqual(await validateStack(policy, [off, sub("")]), [
    {
      urn: off.urn,
      message:
        "Security Hub runs without AWS Foundational Security Best Practices and CIS AWS Foundations Benchmark: add a StandardsSubscription for each (or leave enableDefaultStandards on).",
    },
  ]);
});

test("unknown values during preview (the flag, a subscription's ARN) are not judged", async () => {
  assert.deepEqual(await validateStack(policy, [account({ enableDefaultStandards: UNKNOWN.boolean })]), []);
  assert.deepEqual(
    await validateStack(policy, [account({ enableDefaultStandards: false }), sub(UNKNOWN.string)]),
    [],
  );
});
