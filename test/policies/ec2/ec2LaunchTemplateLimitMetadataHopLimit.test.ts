import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2LaunchTemplateLimitMetadataHopLimit as policy } from "../../../policy-pack/policies/ec2/ec2LaunchTemplateLimitMetadataHopLimit";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";

test("a hop limit of 1, or unset, passes", async () => {
  assert.deepEqual(
    await violations(policy, LT, { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } }),
    [],
  );
  assert.deepEqual(await violations(policy, LT, { metadataOptions: { httpTokens: "required" } }), []);
});

test("a hop limit of 2 is flagged (launch template and instance)", async () => {
  for (const type of [LT, "aws:ec2/instance:Instance"])
    assert.deepEqual(
      await violations(policy, type, {
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
      }),
      [
        "Metadata hop limit is 2: set metadataOptions.httpPutResponseHopLimit to at most 1 (pods use IRSA or Pod Identity).",
      ],
    );
});

test("the maximum is configurable", async () => {
  assert.deepEqual(
    await violations(policy, LT, { metadataOptions: { httpPutResponseHopLimit: 2 } }, { maximumHops: 2 }),
    [],
  );
});

test("an unknown hop limit is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      props: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: UNKNOWN.number } },
    }),
    {
      violations: [],
      unknownRead: "number value at .metadataOptions.httpPutResponseHopLimit can't be known during preview",
    },
  );
});

test('an empty hop limit ("") is not a number and is not judged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      props: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: "" } },
    }),
    { violations: [] },
  );
});

test("launch configurations and spot instance requests are judged too", async () => {
  for (const type of [
    "aws:ec2/launchConfiguration:LaunchConfiguration",
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
  ]) {
    assert.deepEqual(
      await violations(policy, type, {
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 3 },
      }),
      [
        "Metadata hop limit is 3: set metadataOptions.httpPutResponseHopLimit to at most 1 (pods use IRSA or Pod Identity).",
      ],
      type,
    );
    assert.deepEqual(await violations(policy, type, { metadataOptions: { httpPutResponseHopLimit: 1 } }), []);
  }
});
