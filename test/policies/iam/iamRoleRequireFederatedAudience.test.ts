import assert from "node:assert/strict";
import { test } from "node:test";
import { iamRoleRequireFederatedAudience as policy } from "../../../policy-pack/policies/iam/iamRoleRequireFederatedAudience";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const ROLE = "aws:iam/role:Role";
const SAML = "arn:aws:iam::111122223333:saml-provider/okta";
const OIDC = "arn:aws:iam::111122223333:oidc-provider/login.example.com/oauth2";
const EKS_HOST = "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789";
const EKS = `arn:aws:iam::111122223333:oidc-provider/${EKS_HOST}`;
const GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const trust = (...s: unknown[]) => ({
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: s }),
});
const fed = (provider: string, action: string | string[], condition?: unknown) => ({
  Effect: "Allow",
  Principal: { Federated: provider },
  Action: action,
  ...(condition ? { Condition: condition } : {}),
});

const SAML_MSG =
  `Trust policy statement 0 trusts SAML provider ${SAML} without a SAML:aud condition: add Condition ` +
  '{ StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } so only assertions made for AWS sign-in are accepted.';
const OIDC_MSG =
  "Trust policy statement 0 trusts login.example.com/oauth2 without a login.example.com/oauth2:aud condition: " +
  "any client of that identity provider could take the role; add Condition { StringEquals: " +
  '{ "login.example.com/oauth2:aud": "<your client ID>" } }.';
const EKS_MSG =
  `Trust policy statement 0 trusts ${EKS_HOST} without a ${EKS_HOST}:sub condition: every token that issuer ` +
  "grants (any pod of the cluster, any repository) could take the role; add Condition { StringEquals: " +
  `{ "${EKS_HOST}:sub": "<the one subject>" } }.`;

test("the secure twins pass: SAML with SAML:aud (and the MFA tag), OIDC with aud, IRSA and GitHub with sub", async () => {
  const samlOk = fed(SAML, ["sts:AssumeRoleWithSAML", "sts:TagSession"], {
    StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml", "aws:RequestTag/rampart-mfa": "true" },
  });
  const oidcOk = fed(OIDC, "sts:AssumeRoleWithWebIdentity", {
    StringEquals: { "login.example.com/oauth2:aud": "rampart-aws" },
  });
  const irsa = fed(EKS, "sts:AssumeRoleWithWebIdentity", {
    StringEquals: {
      [`${EKS_HOST}:sub`]: "system:serviceaccount:inference:vllm",
      [`${EKS_HOST}:aud`]: "sts.amazonaws.com",
    },
  });
  const gh = fed(GITHUB, "sts:AssumeRoleWithWebIdentity", {
    StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/rampart:ref:refs/heads/main" },
  });
  assert.deepEqual(await violations(policy, ROLE, trust(samlOk, oidcOk, irsa, gh)), []);
  // Condition keys are case-insensitive.
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      trust(fed(SAML, "sts:AssumeRoleWithSAML", { StringEquals: { "saml:aud": "x" } })),
    ),
    [],
  );
});

test("SAML without SAML:aud is flagged, also when the condition is ...IfExists, negated or only a wildcard", async () => {
  assert.deepEqual(await violations(policy, ROLE, trust(fed(SAML, "sts:AssumeRoleWithSAML"))), [SAML_MSG]);
  for (const condition of [
    { StringEqualsIfExists: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
    { StringNotEquals: { "SAML:aud": "https://evil.example.com" } },
    { StringLike: { "SAML:aud": "*" } },
    { "ForAllValues:StringEquals": { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
  ])
    assert.deepEqual(
      await violations(policy, ROLE, trust(fed(SAML, "sts:AssumeRoleWithSAML", condition))),
      [SAML_MSG],
      JSON.stringify(condition),
    );
});

test("OIDC without <host>:aud is flagged; a condition on another host's aud does not count", async () => {
  assert.deepEqual(await violations(policy, ROLE, trust(fed(OIDC, "sts:AssumeRoleWithWebIdentity"))), [
    OIDC_MSG,
  ]);
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      trust(fed(OIDC, "sts:AssumeRoleWithWebIdentity", { StringEquals: { "accounts.google.com:aud": "x" } })),
    ),
    [OIDC_MSG],
  );
  // A bare well-known host (Cognito) is read as an OIDC provider too.
  assert.deepEqual(await violations(policy, ROLE, trust(fed("cognito-identity.amazonaws.com", "sts:*"))), [
    "Trust policy statement 0 trusts cognito-identity.amazonaws.com without a cognito-identity.amazonaws.com:aud " +
      "condition: any client of that identity provider could take the role; add Condition { StringEquals: " +
      '{ "cognito-identity.amazonaws.com:aud": "<your client ID>" } }.',
  ]);
});

test("EKS IRSA and GitHub Actions need <host>:sub: an audience alone is not enough", async () => {
  const audOnly = fed(EKS, "sts:AssumeRoleWithWebIdentity", {
    StringEquals: { [`${EKS_HOST}:aud`]: "sts.amazonaws.com" },
  });
  assert.deepEqual(await violations(policy, ROLE, trust(audOnly)), [EKS_MSG]);
  const ghAud = fed(GITHUB, "sts:AssumeRoleWithWebIdentity", {
    StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
  });
  assert.equal((await violations(policy, ROLE, trust(ghAud))).length, 1);
  const ghAny = fed(GITHUB, "sts:AssumeRoleWithWebIdentity", {
    StringLike: { "token.actions.githubusercontent.com:sub": "*" },
  });
  assert.equal((await violations(policy, ROLE, trust(ghAny))).length, 1);
});

test("wildcard and NotAction forms that include the federated actions are judged; TagSession alone and Deny are not", async () => {
  assert.deepEqual(await violations(policy, ROLE, trust(fed(SAML, "*"))), [SAML_MSG]);
  assert.deepEqual(await violations(policy, ROLE, trust(fed(SAML, "sts:AssumeRoleWith*"))), [SAML_MSG]);
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      trust({ Effect: "Allow", Principal: { Federated: SAML }, NotAction: "sts:AssumeRole" }),
    ),
    [SAML_MSG],
  );
  assert.deepEqual(await violations(policy, ROLE, trust(fed(SAML, "sts:TagSession"))), []);
  assert.deepEqual(
    await violations(policy, ROLE, trust({ ...fed(SAML, "sts:AssumeRoleWithSAML"), Effect: "Deny" })),
    [],
  );
  // Service and account principals are other policies' business.
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      trust({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ),
    [],
  );
});

test("a trust document given as an object (not a JSON string) is read the same", async () => {
  assert.deepEqual(
    await violations(policy, ROLE, {
      assumeRolePolicy: { Version: "2012-10-17", Statement: fed(SAML, "sts:AssumeRoleWithSAML") },
    }),
    [SAML_MSG],
  );
});

test("an unknown trust policy is an advisory note during preview; an unknown provider is not guessed", async () => {
  assert.deepEqual(await validate(policy, { type: ROLE, props: { assumeRolePolicy: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .assumeRolePolicy can't be known during preview",
  });
  assert.deepEqual(await violations(policy, ROLE, trust(fed(UNKNOWN.string, "sts:AssumeRoleWithSAML"))), []);
});

test('empty strings: a "" provider is no provider; a SAML:aud of "" does not pin the audience', async () => {
  assert.deepEqual(await violations(policy, ROLE, trust(fed("", "sts:AssumeRoleWithSAML"))), []);
  assert.deepEqual(
    await violations(
      policy,
      ROLE,
      trust(fed(SAML, "sts:AssumeRoleWithSAML", { StringEquals: { "SAML:aud": "" } })),
    ),
    [SAML_MSG],
  );
  assert.deepEqual(await violations(policy, ROLE, { assumeRolePolicy: "" }), []);
  assert.deepEqual(await violations(policy, ROLE, {}), []);
});
