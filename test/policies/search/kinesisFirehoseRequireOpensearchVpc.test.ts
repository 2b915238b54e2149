import assert from "node:assert/strict";
import { test } from "node:test";
import { kinesisFirehoseRequireOpensearchVpc as policy } from "../../../policy-pack/policies/search/kinesisFirehoseRequireOpensearchVpc";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { FIREHOSE, siemFirehose } from "./searchFixtures";

const MSG =
  "Firehose opensearchConfiguration delivers outside the VPC: set opensearchConfiguration.vpcConfig with the logging tier's subnetIds, securityGroupIds and roleArn.";
const withVpc = (vpcConfig: unknown) => ({
  ...siemFirehose(),
  opensearchConfiguration: { ...siemFirehose().opensearchConfiguration, vpcConfig },
});

test("an OpenSearch destination with subnets and security groups passes", async () => {
  assert.deepEqual(await violations(policy, FIREHOSE, siemFirehose()), []);
});

test("no vpcConfig, or one without subnets or security groups, is flagged", async () => {
  assert.deepEqual(await violations(policy, FIREHOSE, withVpc(undefined)), [MSG]);
  assert.deepEqual(
    await violations(policy, FIREHOSE, withVpc({ subnetIds: ["s"], securityGroupIds: [], roleArn: "r" })),
    [MSG],
  );
  assert.deepEqual(await violations(policy, FIREHOSE, withVpc({ securityGroupIds: ["g"], roleArn: "r" })), [
    MSG,
  ]);
});

test('a vpcConfig of "" is none; streams to other destinations are not judged', async () => {
  assert.deepEqual(await violations(policy, FIREHOSE, withVpc("")), [MSG]);
  assert.deepEqual(
    await violations(policy, FIREHOSE, {
      destination: "extended_s3",
      extendedS3Configuration: { bucketArn: "b" },
    }),
    [],
  );
});

test("unknown subnet ids count as subnets; an unknown list is the SDK's advisory note", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: FIREHOSE,
      props: withVpc({ subnetIds: [UNKNOWN.string], securityGroupIds: [UNKNOWN.string] }),
    }),
    { violations: [] },
  );
  assert.deepEqual(
    await validate(policy, {
      type: FIREHOSE,
      props: withVpc({ subnetIds: UNKNOWN.array, securityGroupIds: ["g"] }),
    }),
    {
      violations: [],
      unknownRead:
        "Array value at .opensearchConfiguration.vpcConfig.subnetIds can't be known during preview",
    },
  );
});
