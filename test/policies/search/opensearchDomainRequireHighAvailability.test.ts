import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainRequireHighAvailability as policy } from "../../../policy-pack/policies/search/opensearchDomainRequireHighAvailability";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { DOMAIN, ES_DOMAIN, siemDomain } from "./searchFixtures";

const ZONES =
  "OpenSearch domain is in one zone: set clusterConfig.zoneAwarenessEnabled: true (and zoneAwarenessConfig).";
const MASTERS =
  "OpenSearch domain has no quorum of dedicated masters: set clusterConfig.dedicatedMasterEnabled: true and dedicatedMasterCount: 3.";
const cluster = (c: Record<string, any>) => ({
  ...siemDomain(),
  clusterConfig: { ...siemDomain().clusterConfig, ...c },
});

test("zone awareness with three dedicated masters passes", async () => {
  assert.deepEqual(await violations(policy, DOMAIN, siemDomain()), []);
});

test("a single-zone domain without dedicated masters (a dev domain) is flagged for both", async () => {
  assert.deepEqual(
    await violations(policy, DOMAIN, {
      ...siemDomain(),
      clusterConfig: { instanceType: "t3.small.search", instanceCount: 1 },
    }),
    [
      "OpenSearch domain has 1 data node(s): set clusterConfig.instanceCount to at least 3 (a multiple of the zone count).",
      ZONES,
      MASTERS,
    ],
  );
  assert.deepEqual(await violations(policy, DOMAIN, cluster({ instanceCount: 2 })), [
    "OpenSearch domain has 2 data node(s): set clusterConfig.instanceCount to at least 3 (a multiple of the zone count).",
  ]);
  assert.deepEqual(await violations(policy, DOMAIN, cluster({ dedicatedMasterCount: 2 })), [MASTERS]);
});

test('a master count of "" is no quorum; advisory by default (the prod config makes it mandatory)', async () => {
  assert.deepEqual(await violations(policy, DOMAIN, cluster({ dedicatedMasterCount: "" })), [MASTERS]);
  assert.equal(policy.enforcementLevel, "advisory");
});

test("an unknown zone-awareness flag is the SDK's advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, { type: DOMAIN, props: cluster({ zoneAwarenessEnabled: UNKNOWN.boolean }) }),
    {
      violations: [],
      unknownRead: "boolean value at .clusterConfig.zoneAwarenessEnabled can't be known during preview",
    },
  );
});

test("a legacy Elasticsearch domain is judged the same way", async () => {
  assert.deepEqual(await violations(policy, ES_DOMAIN, siemDomain()), []);
  assert.deepEqual(await violations(policy, ES_DOMAIN, cluster({ zoneAwarenessEnabled: false })), [ZONES]);
});
