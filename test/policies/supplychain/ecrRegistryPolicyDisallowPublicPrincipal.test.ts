import assert from "node:assert/strict";
import { test } from "node:test";
import { ecrRegistryPolicyDisallowPublicPrincipal as policy } from "../../../policy-pack/policies/supplychain/ecrRegistryPolicyDisallowPublicPrincipal";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
const json = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const replicate = {
  Sid: "Replication",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::444455556666:root" },
  Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
  Resource: "arn:aws:ecr:eu-west-1:111122223333:repository/*",
};
const msg = (label: string) =>
  `Registry policy ${label} allows any principal ("*") without a condition that restricts it: name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceArn or a similar key.`;

test("a registry policy naming one source account passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, { policy: json(replicate) }), []);
});

test('Principal "*" (string or { AWS: "*" }) without a condition is flagged', async () => {
  assert.deepEqual(await violations(policy, TYPE, { policy: json({ ...replicate, Principal: "*" }) }), [
    msg('statement "Replication"'),
  ]);
  assert.deepEqual(
    await violations(policy, TYPE, {
      policy: {
        Version: "2012-10-17",
        Statement: [{ ...replicate, Sid: undefined, Principal: { AWS: "*" } }],
      },
    }),
    [msg("statement 0")],
  );
});

test('"*" limited to the organisation passes; a negated condition does not', async () => {
  const org = { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } };
  assert.deepEqual(
    await violations(policy, TYPE, { policy: json({ ...replicate, Principal: "*", Condition: org }) }),
    [],
  );
  const negated = { StringNotEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } };
  assert.deepEqual(
    await violations(policy, TYPE, { policy: json({ ...replicate, Principal: "*", Condition: negated }) }),
    [msg('statement "Replication"')],
  );
});

test("missing and unknown policies", async () => {
  assert.deepEqual(await violations(policy, TYPE, {}), []);
  assert.deepEqual(await violations(policy, TYPE, { policy: "" }), []);
  const outcome = await validate(policy, { type: TYPE, props: { policy: UNKNOWN.string } });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /policy/);
});
