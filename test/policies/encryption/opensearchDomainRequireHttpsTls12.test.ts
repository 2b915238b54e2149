import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainRequireHttpsTls12 as policy } from "../../../policy-pack/policies/encryption/opensearchDomainRequireHttpsTls12";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { compliantOpenSearchDomain, OPENSEARCH_DOMAIN } from "./opensearchFixture";

const TYPE = OPENSEARCH_DOMAIN;
const compliant = compliantOpenSearchDomain;

test("a compliant resource passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, compliant()), []);
});

test("the insecure setting is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      ...compliant(),
      ...{ domainEndpointOptions: { enforceHttps: false, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" } },
    }),
    ["OpenSearch endpoint accepts plain HTTP: set domainEndpointOptions.enforceHttps: true."],
  );
});

const TLS =
  'OpenSearch endpoint allows TLS older than 1.2: set domainEndpointOptions.tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10".';

test("a TLS 1.0 policy is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      ...compliant(),
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" },
    }),
    [TLS],
  );
});

test("no domainEndpointOptions at all is flagged twice", async () => {
  const { domainEndpointOptions: _, ...props } = compliant();
  assert.deepEqual(await violations(policy, TYPE, props), [
    "OpenSearch endpoint accepts plain HTTP: set domainEndpointOptions.enforceHttps: true.",
    TLS,
  ]);
});

test("an unknown tlsSecurityPolicy is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:opensearch/domain:Domain",
      props: { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: UNKNOWN.string } },
    }),
    {
      violations: [],
      unknownRead: "string value at .domainEndpointOptions.tlsSecurityPolicy can't be known during preview",
    },
  );
});

test('an empty tlsSecurityPolicy ("") is not TLS 1.2: flagged', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:opensearch/domain:Domain",
      props: { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "" } },
    }),
    {
      violations: [
        'OpenSearch endpoint allows TLS older than 1.2: set domainEndpointOptions.tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10".',
      ],
    },
  );
});

test("the legacy aws:elasticsearch/domain:Domain type is judged the same way", async () => {
  const ES = "aws:elasticsearch/domain:Domain";
  assert.deepEqual(await violations(policy, ES, compliantOpenSearchDomain()), []);
  assert.deepEqual(
    await violations(policy, ES, {
      ...compliantOpenSearchDomain(),
      domainEndpointOptions: { enforceHttps: false, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" },
    }),
    [
      "OpenSearch endpoint accepts plain HTTP: set domainEndpointOptions.enforceHttps: true.",
      'OpenSearch endpoint allows TLS older than 1.2: set domainEndpointOptions.tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10".',
    ],
  );
});
