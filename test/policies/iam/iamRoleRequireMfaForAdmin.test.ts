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
