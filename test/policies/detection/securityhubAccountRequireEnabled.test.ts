import assert from "node:assert/strict";
import { test } from "node:test";
import { securityhubAccountRequireEnabled as policy } from "../../../policy-pack/policies/detection/securityhubAccountRequireEnabled";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { detector } from "./guarddutyFixtures";

const ACCOUNT = "aws:securityhub/account:Account";
const TRAIL = "aws:cloudtrail/trail:Trail";
const MSG =
  "The stack builds security monitoring but does not enable Security Hub: add an aws.securityhub.Account (with the FSBP and CIS standards).";

test("a stack with a detector and a Security Hub account passes", async () => {
  assert.deepEqual(await validateStack(policy, [detector(), res(ACCOUNT, "hub", {})]), []);
});

test("a detector or a trail without Security Hub is flagged once, on the first of them", async () => {
  const d = detector();
  const t = res(TRAIL, "trail", { s3BucketName: "a" });
  assert.deepEqual(await validateStack(policy, [t, d]), [{ urn: d.urn, message: MSG }]);
  assert.deepEqual(await validateStack(policy, [t]), [{ urn: t.urn, message: MSG }]);
});

test("a stack with no detection resources is not judged (Security Hub belongs to the monitoring stack)", async () => {
  assert.deepEqual(await validateStack(policy, [res("aws:s3/bucket:Bucket", "b", { bucket: "" })]), []);
});

test("unknown values do not matter: presence is what is judged (an account with unknown props counts)", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      detector({ enable: UNKNOWN.boolean }),
      res(ACCOUNT, "hub", { enableDefaultStandards: UNKNOWN.boolean }),
    ]),
    [],
  );
});
