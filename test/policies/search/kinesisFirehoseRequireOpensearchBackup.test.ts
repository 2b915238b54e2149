import assert from "node:assert/strict";
import { test } from "node:test";
import { kinesisFirehoseRequireOpensearchBackup as policy } from "../../../policy-pack/policies/search/kinesisFirehoseRequireOpensearchBackup";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { FIREHOSE, siemFirehose } from "./searchFixtures";

const msg = (key: string) =>
  `Firehose ${key} has no backup for failed documents: set ${key}.s3Configuration.bucketArn (the archive).`;
const withDest = (dest: Record<string, any>) => ({
  ...siemFirehose(),
  opensearchConfiguration: { ...siemFirehose().opensearchConfiguration, ...dest },
});

test("an OpenSearch destination with an S3 backup bucket passes (FailedDocumentsOnly or AllDocuments)", async () => {
  assert.deepEqual(await violations(policy, FIREHOSE, siemFirehose()), []);
  assert.deepEqual(await violations(policy, FIREHOSE, withDest({ s3BackupMode: "AllDocuments" })), []);
});

test("an OpenSearch (or legacy Elasticsearch) destination without an S3 backup is flagged", async () => {
  assert.deepEqual(await violations(policy, FIREHOSE, withDest({ s3Configuration: undefined })), [
    msg("opensearchConfiguration"),
  ]);
  const { opensearchConfiguration: dest, ...rest } = siemFirehose();
  const { s3Configuration: _, ...noBackup } = dest;
  assert.deepEqual(
    await violations(policy, FIREHOSE, {
      ...rest,
      destination: "elasticsearch",
      elasticsearchConfiguration: noBackup,
    }),
    [msg("elasticsearchConfiguration")],
  );
});

test('a backup bucket ARN of "" is no backup; other destinations are not judged', async () => {
  assert.deepEqual(await violations(policy, FIREHOSE, withDest({ s3Configuration: { bucketArn: "" } })), [
    msg("opensearchConfiguration"),
  ]);
  assert.deepEqual(
    await violations(policy, FIREHOSE, {
      destination: "extended_s3",
      extendedS3Configuration: { bucketArn: "b" },
    }),
    [],
  );
});

test("an unknown bucket ARN is the SDK's advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: FIREHOSE,
      props: withDest({ s3Configuration: { bucketArn: UNKNOWN.string } }),
    }),
    {
      violations: [],
      unknownRead:
        "string value at .opensearchConfiguration.s3Configuration.bucketArn can't be known during preview",
    },
  );
});
