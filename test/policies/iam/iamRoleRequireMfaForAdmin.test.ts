import assert from "node:assert/strict";
import { test } from "node:test";
import { iamRoleRequireMfaForAdmin as policy } from "../../../policy-pack/policies/iam/iamRoleRequireMfaForAdmin";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const ROLE = "aws:iam/role:Role";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const people = {
  Sid: "People",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::123456789012:root" },
  Action: "sts:AssumeRole",
};
const withMfa = { ...people, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } };
const trust = (s: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: [s] });
const MSG =
  'Admin role "admin" trust policy statement "People" does not require MFA: add Condition { Bool: { "aws:MultiFactorAuthPresent": "true" } }.';

test("an admin role (managedPolicyArns) requiring MFA passes", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "admin", { assumeRolePolicy: trust(withMfa), managedPolicyArns: [ADMIN] }),
    ]),
    [],
  );
});

test("MFA by aws:MultiFactorAuthAge passes", async () => {
  const aged = { ...people, Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } };
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "admin", { assumeRolePolicy: trust(aged), managedPolicyArns: [ADMIN] }),
    ]),
    [],
  );
});

test("an admin role via managedPolicyArns without MFA is flagged", async () => {
  const r = res(ROLE, "admin", { assumeRolePolicy: trust(people), managedPolicyArns: [ADMIN] });
  assert.deepEqual(await validateStack(policy, [r]), [{ urn: r.urn, message: MSG }]);
});

test("an admin role via a separate RolePolicyAttachment (by role name) without MFA is flagged", async () => {
  const r = res(ROLE, "admin", { name: "rampart-admin", assumeRolePolicy: trust(people) });
  const att = res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "admin-attach", {
    role: "rampart-admin",
    policyArn: ADMIN,
  });
  assert.deepEqual(await validateStack(policy, [r, att]), [{ urn: r.urn, message: MSG }]);
});

test("a PolicyAttachment (by dependency) and the rampart:role=admin tag also mark admin roles", async () => {
  const r = res(ROLE, "admin", { assumeRolePolicy: trust(people) });
  const att = res("aws:iam/policyAttachment:PolicyAttachment", "pa", { roles: ["x"], policyArn: ADMIN }, [r]);
  assert.deepEqual(await validateStack(policy, [r, att]), [{ urn: r.urn, message: MSG }]);
  const tagged = res(ROLE, "admin", { assumeRolePolicy: trust(people), tags: { "rampart:role": "admin" } });
  assert.deepEqual(await validateStack(policy, [tagged]), [{ urn: tagged.urn, message: MSG }]);
});

test("BoolIfExists does not count as requiring MFA", async () => {
  const weak = { ...people, Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } } };
  const r = res(ROLE, "admin", { assumeRolePolicy: trust(weak), managedPolicyArns: [ADMIN] });
  assert.deepEqual(await validateStack(policy, [r]), [{ urn: r.urn, message: MSG }]);
});

test("non-admin roles, and admin roles trusted only by a service, are not judged", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "reader", {
        assumeRolePolicy: trust(people),
        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      }),
    ]),
    [],
  );
  const svc = { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "admin", { assumeRolePolicy: trust(svc), managedPolicyArns: [ADMIN] }),
    ]),
    [],
  );
});

test("an unknown trust policy or managed policy list is skipped during preview", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "admin", { assumeRolePolicy: UNKNOWN.string, managedPolicyArns: [ADMIN] }),
    ]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "admin", { assumeRolePolicy: trust(people), managedPolicyArns: UNKNOWN.array }),
    ]),
    [],
  );
});

test('empty strings: an MFA condition of "" is not "true" (flagged); a managed policy ARN "" is not admin', async () => {
  const emptyMfa = { ...people, Condition: { Bool: { "aws:MultiFactorAuthPresent": "" } } };
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "admin", { assumeRolePolicy: trust(emptyMfa), managedPolicyArns: [ADMIN] }),
    ]),
    [{ message: MSG, urn: `urn:pulumi:test::rampart::${ROLE}::admin` }],
  );
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "admin", { assumeRolePolicy: trust(people), managedPolicyArns: [""] }),
    ]),
    [],
  );
});

// Federated trust (issue #14): the IdP's MFA session tag, since federated sessions carry no MFA key.
const SAML = "arn:aws:iam::123456789012:saml-provider/okta";
const saml = (condition?: Record<string, unknown>) => ({
  Sid: "Idp",
  Effect: "Allow",
  Principal: { Federated: SAML },
  Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
  Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" }, ...condition },
});
const FED_MSG = (tag: string) =>
  `Admin role "admin" trust policy statement "Idp" lets a federated identity provider assume it without its MFA ` +
  `assertion: add Condition { StringEquals: { "aws:RequestTag/${tag}": "true" } } (the IdP sets the session tag ${tag} after MFA) and allow sts:TagSession.`;
const adminTagged = (s: unknown) =>
  res(ROLE, "admin", {
    assumeRolePolicy: trust(s),
    tags: { "rampart:role": "admin", "rampart:access-role": "platform-admin" },
  });

test("a federated admin role requiring the IdP's MFA session tag passes (RequestTag or PrincipalTag, any case)", async () => {
  const tagged = saml({
    StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml", "aws:RequestTag/rampart-mfa": "true" },
  });
  assert.deepEqual(await validateStack(policy, [adminTagged(tagged)]), []);
  const principalTag = saml({
    StringEquals: {
      "SAML:aud": "https://signin.aws.amazon.com/saml",
      "aws:principaltag/rampart-mfa": "TRUE",
    },
  });
  assert.deepEqual(await validateStack(policy, [adminTagged(principalTag)]), []);
});

test("a federated admin role without the MFA session tag is flagged; a wrong value, IfExists or another tag do not count", async () => {
  const r = adminTagged(saml());
  assert.deepEqual(await validateStack(policy, [r]), [{ urn: r.urn, message: FED_MSG("rampart-mfa") }]);
  for (const condition of [
    { StringEqualsIfExists: { "aws:RequestTag/rampart-mfa": "true" } },
    {
      StringEquals: {
        "SAML:aud": "https://signin.aws.amazon.com/saml",
        "aws:RequestTag/rampart-mfa": "false",
      },
    },
    { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml", "aws:RequestTag/mfa": "true" } },
    { StringLike: { "aws:RequestTag/rampart-mfa": "*" } },
  ])
    assert.deepEqual(
      await validateStack(policy, [adminTagged(saml(condition))]),
      [{ urn: r.urn, message: FED_MSG("rampart-mfa") }],
      JSON.stringify(condition),
    );
});

test("the MFA session tag is the stack's configured mfaSessionTag", async () => {
  const custom = saml({
    StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml", "aws:RequestTag/corp-mfa": "true" },
  });
  const r = adminTagged(custom);
  assert.deepEqual(await validateStack(policy, [r], { mfaSessionTag: "corp-mfa" }), []);
  assert.deepEqual(await validateStack(policy, [r]), [{ urn: r.urn, message: FED_MSG("rampart-mfa") }]);
  // An empty configured tag falls back to the default rather than matching "aws:RequestTag/".
  assert.deepEqual(await validateStack(policy, [r], { mfaSessionTag: "" }), [
    { urn: r.urn, message: FED_MSG("rampart-mfa") },
  ]);
});

test("a federated statement that only allows sts:TagSession, and a non-admin federated role, are not judged", async () => {
  const tagOnly = { ...saml(), Action: "sts:TagSession" };
  assert.deepEqual(await validateStack(policy, [adminTagged(tagOnly)]), []);
  assert.deepEqual(
    await validateStack(policy, [
      res(ROLE, "reader", { assumeRolePolicy: trust(saml()), tags: { "rampart:access-role": "audit-view" } }),
    ]),
    [],
  );
});

test("admin by a *:* inline policy, a RolePolicy or an in-stack Policy attached makes MFA required", async () => {
  const star = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  });
  const inline = res(ROLE, "admin", {
    assumeRolePolicy: trust(people),
    inlinePolicies: [{ name: "all", policy: star }],
  });
  assert.deepEqual(await validateStack(policy, [inline]), [{ urn: inline.urn, message: MSG }]);

  const r = res(ROLE, "admin", { name: "rampart-admin", assumeRolePolicy: trust(people) });
  const rp = res("aws:iam/rolePolicy:RolePolicy", "all", { role: "rampart-admin", policy: star });
  assert.deepEqual(await validateStack(policy, [r, rp]), [{ urn: r.urn, message: MSG }]);

  const p = res("aws:iam/policy:Policy", "everything", {
    arn: "arn:aws:iam::123456789012:policy/everything",
    policy: star,
  });
  const att = res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "att", {
    role: "rampart-admin",
    policyArn: "arn:aws:iam::123456789012:policy/everything",
  });
  assert.deepEqual(await validateStack(policy, [r, p, att]), [{ urn: r.urn, message: MSG }]);

  // A scoped in-stack policy does not make an admin role.
  const scoped = res("aws:iam/policy:Policy", "everything", {
    arn: "arn:aws:iam::123456789012:policy/everything",
    policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
  });
  assert.deepEqual(await validateStack(policy, [r, scoped, att]), []);
});

test("unknown inline policies or an unknown in-stack policy document are skipped, not guessed", async () => {
  const inline = res(ROLE, "admin", { assumeRolePolicy: trust(people), inlinePolicies: UNKNOWN.array });
  assert.deepEqual(await validateStack(policy, [inline]), []);
  const r = res(ROLE, "admin", { name: "rampart-admin", assumeRolePolicy: trust(people) });
  const rp = res("aws:iam/rolePolicy:RolePolicy", "all", { role: "rampart-admin", policy: UNKNOWN.string });
  assert.deepEqual(await validateStack(policy, [r, rp]), []);
});
