import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainRequireNodeToNodeEncryption as policy } from "../../../policy-pack/policies/encryption/opensearchDomainRequireNodeToNodeEncryption";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantOpenSearchDomain, OPENSEARCH_DOMAIN } from "./opensearchFixture";

const TYPE = OPENSEARCH_DOMAIN;
const compliant = compliantOpenSearchDomain;

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, { ...compliant(), ...{ nodeToNodeEncryption: { enabled: false } } }),
    ["OpenSearch node-to-node encryption is off: set nodeToNodeEncryption: { enabled: true }."],
  );
});

test("no nodeToNodeEncryption block is flagged", async () => {
  const { nodeToNodeEncryption: _, ...props } = compliant();
  assert.deepEqual(await violations(policy, TYPE, props), [
    "OpenSearch node-to-node encryption is off: set nodeToNodeEncryption: { enabled: true }.",
  ]);
});

test("an unknown nodeToNodeEncryption.enabled is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:opensearch/domain:Domain",
      props: { nodeToNodeEncryption: { enabled: UNKNOWN.boolean } },
    }),
    {
      violations: [],
      unknownRead: "boolean value at .nodeToNodeEncryption.enabled can't be known during preview",
    },
  );
});

test('enabled: "" is not true: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:opensearch/domain:Domain",
      props: { nodeToNodeEncryption: { enabled: "" } },
    }),
    {
      violations: ["OpenSearch node-to-node encryption is off: set nodeToNodeEncryption: { enabled: true }."],
    },
  );
});

test("the legacy aws:elasticsearch/domain:Domain type is judged the same way", async () => {
  const ES = "aws:elasticsearch/domain:Domain";
  assert.deepEqual(await violations(policy, ES, compliant()), []);
  assert.deepEqual(
    await violations(policy, ES, { ...compliant(), nodeToNodeEncryption: { enabled: false } }),
    ["OpenSearch node-to-node encryption is off: set nodeToNodeEncryption: { enabled: true }."],
  );
});
