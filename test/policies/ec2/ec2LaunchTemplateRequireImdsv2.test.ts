import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2LaunchTemplateRequireImdsv2 as policy } from "../../../policy-pack/policies/ec2/ec2LaunchTemplateRequireImdsv2";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const INSTANCE = "aws:ec2/instance:Instance";
const MSG = 'IMDSv1 is allowed: set metadataOptions.httpTokens: "required".';

test("httpTokens required passes on launch templates and instances; a disabled endpoint passes", async () => {
  for (const type of [LT, INSTANCE])
    assert.deepEqual(
      await violations(policy, type, {
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      }),
      [],
    );
  assert.deepEqual(await violations(policy, LT, { metadataOptions: { httpEndpoint: "disabled" } }), []);
});

test("httpTokens optional is flagged (launch template and instance)", async () => {
  for (const type of [LT, INSTANCE])
    assert.deepEqual(await violations(policy, type, { metadataOptions: { httpTokens: "optional" } }), [MSG]);
});

test("no metadataOptions is flagged", async () => {
  assert.deepEqual(await violations(policy, LT, { imageId: "ami-1" }), [MSG]);
});

test("unknown httpTokens is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      props: { metadataOptions: { httpTokens: UNKNOWN.string } },
    }),
    {
      violations: [],
      unknownRead: "string value at .metadataOptions.httpTokens can't be known during preview",
    },
  );
});

test('empty httpTokens ("") is not "required": flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      props: { metadataOptions: { httpTokens: "" } },
    }),
    { violations: ['IMDSv1 is allowed: set metadataOptions.httpTokens: "required".'] },
  );
});

test("launch configurations and spot instance requests are judged too (unset is optional there as well)", async () => {
  for (const type of [
    "aws:ec2/launchConfiguration:LaunchConfiguration",
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
  ]) {
    assert.deepEqual(await violations(policy, type, { imageId: "ami-1" }), [MSG], type);
    assert.deepEqual(await violations(policy, type, { metadataOptions: { httpTokens: "optional" } }), [MSG]);
    assert.deepEqual(await violations(policy, type, { metadataOptions: { httpTokens: "required" } }), []);
  }
});
