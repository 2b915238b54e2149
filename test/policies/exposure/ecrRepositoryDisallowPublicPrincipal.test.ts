import assert from "node:assert/strict";
import { test } from "node:test";
import { ecrRepositoryDisallowPublicPrincipal as policy } from "../../../policy-pack/policies/exposure/ecrRepositoryDisallowPublicPrincipal";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecr/repositoryPolicy:RepositoryPolicy";
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const json = (...Statement: unknown[]) => JSON.stringify(doc(...Statement));
const msg = (label: string) =>
  `Repository policy ${label} allows any principal ("*") without a condition that restricts it: name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceArn or a similar key.`;
const open = {
  Sid: "Open",
  Effect: "Allow",
  Principal: "*",
  Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
};

test("a repository policy naming an account passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      repository: "models",
      policy: json({ ...open, Principal: { AWS: "arn:aws:iam::111122223333:root" } }),
    }),
    [],
  );
});

test('Principal "*" in a JSON-string policy is flagged', async () => {
  assert.deepEqual(await violations(policy, TYPE, { repository: "models", policy: json(open) }), [
    msg('statement "Open"'),
  ]);
});

test('{ AWS: "*" } in an object policy is flagged', async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      repository: "models",
      policy: doc({ ...open, Sid: undefined, Principal: { AWS: "*" } }),
    }),
    [msg("statement 0")],
  );
});

test("a wildcard shared with the organization (aws:PrincipalOrgID) passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      repository: "models",
      policy: json({ ...open, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }),
    }),
    [],
  );
});

test("an unknown policy during preview is an advisory note, not a violation or a throw", async () => {
  const outcome = await validate(policy, {
    type: TYPE,
    props: { repository: "models", policy: UNKNOWN.string },
  });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /policy/);
});

test("other types are ignored", async () => {
  assert.deepEqual(await violations(policy, "aws:ecr/repository:Repository", { policy: json(open) }), []);
});
