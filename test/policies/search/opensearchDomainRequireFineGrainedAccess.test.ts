import assert from "node:assert/strict";
import { test } from "node:test";
import { opensearchDomainRequireFineGrainedAccess as policy } from "../../../policy-pack/policies/search/opensearchDomainRequireFineGrainedAccess";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { DOMAIN, ES_DOMAIN, siemDomain } from "./searchFixtures";

const OFF =
  "OpenSearch domain has no fine-grained access control: set advancedSecurityOptions.enabled: true with masterUserOptions.masterUserArn.";
const INTERNAL =
  "OpenSearch domain uses its internal user database: set advancedSecurityOptions.internalUserDatabaseEnabled: false and an IAM masterUserArn.";
const NO_ARN =
  "OpenSearch domain's master user is not an IAM principal: set advancedSecurityOptions.masterUserOptions.masterUserArn.";
const withOptions = (o: Record<string, any>) => ({ ...siemDomain(), advancedSecurityOptions: o });

test("fine-grained access control with an IAM master role passes", async () => {
  assert.deepEqual(await violations(policy, DOMAIN, siemDomain()), []);
});

test("no advanced security options, or enabled: false, is flagged", async () => {
  const { advancedSecurityOptions: _, ...none } = siemDomain();
  assert.deepEqual(await violations(policy, DOMAIN, none), [OFF]);
  assert.deepEqual(await violations(policy, DOMAIN, withOptions({ enabled: false })), [OFF]);
});

test("the internal user database with a master user name and password is flagged twice", async () => {
  assert.deepEqual(
    await violations(
      policy,
      DOMAIN,
      withOptions({
        enabled: true,
        internalUserDatabaseEnabled: true,
        masterUserOptions: { masterUserName: "admin", masterUserPassword: "hunter2" },
      }),
    ),
    [INTERNAL, NO_ARN],
  );
});

test('a master user ARN of "" is no IAM principal', async () => {
  assert.deepEqual(
    await violations(
      policy,
      DOMAIN,
      withOptions({ enabled: true, masterUserOptions: { masterUserArn: "" } }),
    ),
    [NO_ARN],
  );
});

test("an unknown master role ARN or enabled flag is the SDK's advisory note during preview, not a pass", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: DOMAIN,
      props: withOptions({ enabled: true, masterUserOptions: { masterUserArn: UNKNOWN.string } }),
    }),
    {
      violations: [],
      unknownRead:
        "string value at .advancedSecurityOptions.masterUserOptions.masterUserArn can't be known during preview",
    },
  );
  assert.deepEqual(
    await validate(policy, { type: DOMAIN, props: withOptions({ enabled: UNKNOWN.boolean }) }),
    {
      violations: [],
      unknownRead: "boolean value at .advancedSecurityOptions.enabled can't be known during preview",
    },
  );
});

test("a legacy Elasticsearch domain is judged the same way", async () => {
  assert.deepEqual(await violations(policy, ES_DOMAIN, siemDomain()), []);
  assert.deepEqual(
    await violations(policy, ES_DOMAIN, { ...siemDomain(), advancedSecurityOptions: { enabled: false } }),
    [OFF],
  );
});
