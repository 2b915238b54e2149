import assert from "node:assert/strict";
import { test } from "node:test";
import { repositoryPolicyDocument } from "../../../components/supplychain/supplyChain.registry.logic";
import { ecrRepositoryPolicyRequireAccountBoundary as policy } from "../../../policy-pack/policies/supplychain/ecrRepositoryPolicyRequireAccountBoundary";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecr/repositoryPolicy:RepositoryPolicy";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const ACCOUNT = "111122223333";
const C = { partition: "aws", region: "eu-west-1", accountId: ACCOUNT };
const ours = repositoryPolicyDocument(C);
const withOrg = repositoryPolicyDocument(C, "o-abcdef1234");
const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const NO_BOUNDARY =
  'Repository policy has no account boundary: add a statement denying "ecr:*" to Principal "*" under StringNotEquals { "aws:PrincipalAccount": "<this account>" } (and "aws:PrincipalOrgID" to share with the organisation).';
const foreign = (label: string, acct: string) =>
  `Repository policy ${label} allows account ${acct} outside its boundary: grant only this account, or the organisation with a condition on aws:PrincipalOrgID.`;
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });

test("ours passes, as JSON and as an object, with and without the organisation", async () => {
  for (const p of [ours, withOrg, JSON.stringify(ours), JSON.stringify(withOrg)])
    assert.deepEqual(await violations(policy, TYPE, { repository: "rampart-prod/vllm", policy: p }), []);
});

test("an account-only Allow without the deny is flagged (no boundary)", async () => {
  const allowOnly = doc(ours.Statement[0]);
  assert.deepEqual(await violations(policy, TYPE, { repository: "r", policy: JSON.stringify(allowOnly) }), [
    NO_BOUNDARY,
  ]);
});

test("a deny that does not cover every ECR action, or names no account or org, is no boundary", async () => {
  const deny = ours.Statement[1] as Record<string, unknown>;
  for (const bad of [
    { ...deny, Action: "ecr:PutImage" },
    { ...deny, Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } } },
    { ...deny, Effect: "Allow" },
    { ...deny, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } },
  ])
    assert.deepEqual(
      await violations(policy, TYPE, { repository: "r", policy: doc(ours.Statement[0], bad) }),
      [NO_BOUNDARY],
    );
});

test("a foreign account allowed beside the boundary is flagged (ARN and bare id)", async () => {
  const p = doc(...ours.Statement, {
    Sid: "Partner",
    Effect: "Allow",
    Principal: { AWS: ["arn:aws:iam::444455556666:root", "777788889999", `arn:aws:iam::${ACCOUNT}:role/ci`] },
    Action: PULL,
  });
  assert.deepEqual(await violations(policy, TYPE, { repository: "r", policy: p }), [
    foreign('statement "Partner"', "444455556666, 777788889999"),
  ]);
});

test("a foreign account with an aws:PrincipalOrgID condition passes", async () => {
  const p = doc(...withOrg.Statement, {
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::444455556666:root" },
    Action: PULL,
    Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } },
  });
  assert.deepEqual(await violations(policy, TYPE, { repository: "r", policy: p }), []);
});

test("repository creation templates: their repositoryPolicy is checked too", async () => {
  assert.deepEqual(
    await violations(policy, TEMPLATE, {
      prefix: "ecr-public",
      repositoryPolicy: JSON.stringify(doc(ours.Statement[0])),
    }),
    [NO_BOUNDARY.replace("Repository policy", "Repository creation template policy")],
  );
  assert.deepEqual(
    await violations(policy, TEMPLATE, { prefix: "ecr-public", repositoryPolicy: JSON.stringify(ours) }),
    [],
  );
  assert.deepEqual(await violations(policy, TEMPLATE, { prefix: "ecr-public" }), []);
});

test("missing or unreadable policies are not judged; unknown ones are an advisory note", async () => {
  assert.deepEqual(await violations(policy, TYPE, { repository: "r" }), []);
  assert.deepEqual(await violations(policy, TYPE, { repository: "r", policy: "not json" }), []);
  assert.deepEqual(await violations(policy, TYPE, { repository: "r", policy: "" }), []);
  const outcome = await validate(policy, { type: TYPE, props: { repository: "r", policy: UNKNOWN.string } });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /policy/);
});

test("other types are ignored", async () => {
  assert.deepEqual(
    await violations(policy, "aws:ecr/repository:Repository", { policy: JSON.stringify(doc()) }),
    [],
  );
});
