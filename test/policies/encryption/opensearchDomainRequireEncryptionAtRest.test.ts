import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainRequireEncryptionAtRest as policy } from "../../../policy-pack/policies/encryption/opensearchDomainRequireEncryptionAtRest";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantOpenSearchDomain, OPENSEARCH_DOMAIN } from "./opensearchFixture";

const TYPE = OPENSEARCH_DOMAIN;
const compliant = compliantOpenSearchDomain;

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), ...{ encryptAtRest: { enabled: false } } }),
    ["OpenSearch domain is not encrypted at rest: set encryptAtRest: { enabled: true, kmsKeyId }."],
  );
});

test("no encryptAtRest block is flagged, on the legacy Elasticsearch type too", async () => {
  const { encryptAtRest: _, ...props } = compliant();
  for (const type of [TYPE, "aws:elasticsearch/domain:Domain"])
    assert.deepEqual(await violations(policy, type, props), [
      "OpenSearch domain is not encrypted at rest: set encryptAtRest: { enabled: true, kmsKeyId }.",
    ]);
});

test("an unknown encryptAtRest.enabled is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:opensearch/domain:Domain",
      props: { encryptAtRest: { enabled: UNKNOWN.boolean } },
    }),
    { violations: [], unknownRead: "boolean value at .encryptAtRest.enabled can't be known during preview" },
  );
});

test('enabled: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:opensearch/domain:Domain",
      props: { encryptAtRest: { enabled: "", kmsKeyId: "" } },
    }),
    {
      violations: [
        "OpenSearch domain is not encrypted at rest: set encryptAtRest: { enabled: true, kmsKeyId }.",
      ],
    },
  );
});
