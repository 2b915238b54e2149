import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainRequireNodeToNodeEncryption as policy } from "../../../policy-pack/policies/encryption/opensearchDomainRequireNodeToNodeEncryption";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:opensearch/domain:Domain";
const compliant = (): Record<string, any> => ({
  domainName: "siem",
  encryptAtRest: { enabled: true, kmsKeyId: "k" },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
});

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
