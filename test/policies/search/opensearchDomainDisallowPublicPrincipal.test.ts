import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainDisallowPublicPrincipal as policy } from "../../../policy-pack/policies/search/opensearchDomainDisallowPublicPrincipal";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { DOMAIN, DOMAIN_POLICY, ES_DOMAIN, ES_DOMAIN_POLICY, siemDomain } from "./searchFixtures";

const open = (extra: Record<string, any> = {}) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*", Resource: "*", ...extra },
    ],
  });
const MSG =
  'Domain access policy statement "Open" allows any principal ("*") without a condition that restricts it: name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceArn or a similar key.';

test("a policy naming the master and Firehose roles passes, inline or as a DomainPolicy", async () => {
  assert.deepEqual(await violations(policy, DOMAIN, siemDomain()), []);
  assert.deepEqual(
    await violations(policy, DOMAIN_POLICY, {
      domainName: "siem",
      accessPolicies: siemDomain().accessPolicies,
    }),
    [],
  );
});

test('a bare "*" principal is flagged, inline and on a separate DomainPolicy (also as an object)', async () => {
  const publicDomain: Record<string, unknown> = { ...siemDomain(), accessPolicies: open() };
  delete publicDomain.vpcOptions;
  assert.deepEqual(await violations(policy, DOMAIN, publicDomain), [MSG]);
  assert.deepEqual(await violations(policy, DOMAIN_POLICY, { domainName: "siem", accessPolicies: open() }), [
    MSG,
  ]);
  assert.deepEqual(
    await violations(policy, DOMAIN_POLICY, {
      domainName: "siem",
      accessPolicies: JSON.parse(open({ Principal: "*" })),
    }),
    [MSG],
  );
});

test("a condition restricting the caller's account passes", async () => {
  const cond = open({ Condition: { StringEquals: { "aws:PrincipalAccount": "111122223333" } } });
  assert.deepEqual(await violations(policy, DOMAIN, { ...siemDomain(), accessPolicies: cond }), []);
});

test('an empty ("") or unparsable policy has no statement to judge', async () => {
  assert.deepEqual(await violations(policy, DOMAIN, { ...siemDomain(), accessPolicies: "" }), []);
  assert.deepEqual(await violations(policy, DOMAIN, { ...siemDomain(), accessPolicies: "{not json" }), []);
});

test("an unknown policy document is the SDK's advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: DOMAIN_POLICY,
      props: { domainName: "siem", accessPolicies: UNKNOWN.string },
    }),
    {
      violations: [],
      unknownRead: "string value at .accessPolicies can't be known during preview",
    },
  );
});

test("open inline is AWS's FGAC form and passes only in a VPC with FGAC, no internal users and no anonymous access", async () => {
  assert.deepEqual(await violations(policy, DOMAIN, { ...siemDomain(), accessPolicies: open() }), []);
  const fgac = siemDomain().advancedSecurityOptions;
  for (const loosened of [
    { advancedSecurityOptions: { ...fgac, internalUserDatabaseEnabled: true } },
    { advancedSecurityOptions: { ...fgac, anonymousAuthEnabled: true } },
    { advancedSecurityOptions: { ...fgac, enabled: false } },
    { vpcOptions: { subnetIds: [] } },
  ])
    assert.deepEqual(
      await violations(policy, DOMAIN, { ...siemDomain(), accessPolicies: open(), ...loosened }),
      [MSG],
    );
});

test("legacy Elasticsearch domains and domain policies are judged the same way", async () => {
  assert.deepEqual(
    await violations(policy, ES_DOMAIN_POLICY, { domainName: "siem", accessPolicies: open() }),
    [MSG],
  );
  assert.deepEqual(
    await violations(policy, ES_DOMAIN, { ...siemDomain(), vpcOptions: undefined, accessPolicies: open() }),
    [MSG],
  );
});
