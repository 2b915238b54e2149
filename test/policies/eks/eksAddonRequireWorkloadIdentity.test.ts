import assert from "node:assert/strict";
import { test } from "node:test";
import { eksAddonRequireWorkloadIdentity as policy } from "../../../policy-pack/policies/eks/eksAddonRequireWorkloadIdentity";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/addon:Addon";
const ROLE = "arn:aws:iam::123456789012:role/cni";
const msg = (name: string) =>
  `Add-on ${name} has no role of its own (serviceAccountRoleArn or podIdentityAssociations), so it runs on the node role: set serviceAccountRoleArn or podIdentityAssociations [{ roleArn, serviceAccount }].`;

test("IRSA (serviceAccountRoleArn) or a pod identity association passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, { addonName: "vpc-cni", serviceAccountRoleArn: ROLE }), []);
  assert.deepEqual(
    await violations(policy, TYPE, {
      addonName: "aws-ebs-csi-driver",
      podIdentityAssociations: [{ roleArn: ROLE, serviceAccount: "ebs-csi-controller-sa" }],
    }),
    [],
  );
});

test("a role ARN unknown during preview (the stack's role output) counts as named", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: TYPE,
      props: { addonName: "vpc-cni", serviceAccountRoleArn: UNKNOWN.string },
    }),
    { violations: [] },
  );
  assert.deepEqual(
    await validate(policy, {
      type: TYPE,
      props: { addonName: "aws-ebs-csi-driver", podIdentityAssociations: [{ roleArn: UNKNOWN.string }] },
    }),
    { violations: [] },
  );
});

test("an AWS-calling add-on without a role, or with an empty one, is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { addonName: "vpc-cni" }), [msg("vpc-cni")]);
  assert.deepEqual(
    await violations(policy, TYPE, { addonName: "aws-efs-csi-driver", serviceAccountRoleArn: "" }),
    [msg("aws-efs-csi-driver")],
  );
  assert.deepEqual(
    await violations(policy, TYPE, {
      addonName: "aws-ebs-csi-driver",
      podIdentityAssociations: [{ roleArn: "", serviceAccount: "x" }, "junk"],
    }),
    [msg("aws-ebs-csi-driver")],
  );
});

test("add-ons that do not call AWS are not judged; the list is configuration", async () => {
  assert.deepEqual(await violations(policy, TYPE, { addonName: "coredns" }), []);
  assert.deepEqual(await violations(policy, TYPE, { addonName: "coredns" }, { addons: ["coredns"] }), [
    msg("coredns"),
  ]);
});

test("an unknown add-on name is an advisory note during preview", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { addonName: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .addonName can't be known during preview",
  });
});
