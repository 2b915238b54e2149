import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainDisallowPublicEndpoint as policy } from "../../../policy-pack/policies/search/opensearchDomainDisallowPublicEndpoint";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { DOMAIN, siemDomain } from "./searchFixtures";

const MSG =
  "OpenSearch domain has a public endpoint: set vpcOptions with the logging tier's subnetIds and a securityGroupIds.";

test("a domain in the logging tier's subnets passes (OpenSearch and legacy Elasticsearch types)", async () => {
  assert.deepEqual(await violations(policy, DOMAIN, siemDomain()), []);
  assert.deepEqual(await violations(policy, "aws:elasticsearch/domain:Domain", siemDomain()), []);
});

test("no vpcOptions (the public endpoint), or vpcOptions without subnets, is flagged", async () => {
  const { vpcOptions: _, ...publicDomain } = siemDomain();
  assert.deepEqual(await violations(policy, DOMAIN, publicDomain), [MSG]);
  assert.deepEqual(await violations(policy, DOMAIN, { ...siemDomain(), vpcOptions: { subnetIds: [] } }), [
    MSG,
  ]);
  assert.deepEqual(await violations(policy, DOMAIN, { ...siemDomain(), vpcOptions: {} }), [MSG]);
});

test('vpcOptions as "" is no VPC: flagged', async () => {
  assert.deepEqual(await violations(policy, DOMAIN, { ...siemDomain(), vpcOptions: "" }), [MSG]);
});

test("unknown subnet ids (another resource's outputs) count as subnets; an unknown list is the SDK's advisory note", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: DOMAIN,
      props: { ...siemDomain(), vpcOptions: { subnetIds: [UNKNOWN.string] } },
    }),
    { violations: [] },
  );
  assert.deepEqual(
    await validate(policy, {
      type: DOMAIN,
      props: { ...siemDomain(), vpcOptions: { subnetIds: UNKNOWN.array } },
    }),
    { violations: [], unknownRead: "Array value at .vpcOptions.subnetIds can't be known during preview" },
  );
});
