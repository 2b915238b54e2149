import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccessControlArgs } from "./accessControl.args";
import {
  accessRoleName,
  accessRoleTags,
  boundaryPolicy,
  boundaryPolicyName,
  policyDocument,
  roleManagedPolicies,
  roleStatements,
  trustPolicy,
} from "./accessControl.iam.logic";

/** What the IAM plane needs from AccessControlArgs (validated there). */
export type IamRolesInputs = Pick<
  AccessControlArgs,
  | "namePrefix"
  | "roles"
  | "identityProvider"
  | "mfaSessionTag"
  | "mfaMaxAgeSeconds"
  | "breakGlassPrincipalArns"
  | "permissionsBoundaryArn"
  | "clusterName"
  | "logGroupPrefix"
  | "modelBucketNamePrefix"
  | "modelsKeyArn"
  | "archiveBucketNamePrefix"
  | "siemKeyArn"
  | "tags"
>;

export interface IamRolesOutputs {
  readonly roles: Readonly<Record<string, aws.iam.Role>>;
  /** IAM role ARN per role name. */
  readonly roleArns: Readonly<Record<string, pulumi.Output<string>>>;
  /** The boundary every role carries (created here unless `permissionsBoundaryArn` is given). */
  readonly permissionsBoundaryArn: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
}

/**
 * One IAM role per access role (`<namePrefix>-access-<role>`): its trust (accessControl.iam.logic),
 * `maxSessionDuration` = the role's session, the permissions boundary, the union of its capabilities'
 * statements as one inline policy, and the AWS managed policies of its capabilities.
 */
export function createIamRoles(
  scope: pulumi.Resource,
  name: string,
  inputs: IamRolesInputs,
): IamRolesOutputs {
  const parent = { parent: scope };
  const identity = aws.getCallerIdentityOutput({}, parent);
  const region = aws.getRegionOutput({}, parent).region;
  const partition = aws.getPartitionOutput({}, parent).partition;
  const tags = { ...inputs.tags };

  const permissionsBoundaryArn: pulumi.Output<string> = inputs.permissionsBoundaryArn
    ? pulumi.output(inputs.permissionsBoundaryArn)
    : new aws.iam.Policy(
        `${name}-boundary`,
        {
          name: boundaryPolicyName(inputs.namePrefix),
          description:
            "Rampart access roles' permissions boundary: no changes to it, the roles, keys, trail, detectors or archive",
          policy: pulumi
            .all([partition, identity.accountId])
            .apply(([p, accountId]) =>
              JSON.stringify(boundaryPolicy({ partition: p, accountId, namePrefix: inputs.namePrefix })),
            ),
          // Marks it as a ceiling, not a grant (the pack's wildcard-admin policy exempts it, and a
          // companion policy refuses it attached as an identity policy).
          tags: { ...tags, "rampart:policy-use": "permissions-boundary" },
        },
        parent,
      ).arn;

  const context = pulumi
    .all([partition, region, identity.accountId, inputs.clusterName, inputs.modelsKeyArn, inputs.siemKeyArn])
    .apply(([p, r, accountId, clusterName, modelsKeyArn, siemKeyArn]) => ({
      partition: p,
      region: r,
      accountId,
      clusterName,
      logGroupPrefix: inputs.logGroupPrefix,
      modelBucketNamePrefix: inputs.modelBucketNamePrefix,
      modelsKeyArn,
      archiveBucketNamePrefix: inputs.archiveBucketNamePrefix,
      siemKeyArn,
    }));

  const roles: Record<string, aws.iam.Role> = {};
  const roleArns: Record<string, pulumi.Output<string>> = {};
  for (const role of inputs.roles) {
    const iamRole = new aws.iam.Role(
      `${name}-${role.name}`,
      {
        name: accessRoleName(inputs.namePrefix, role.name),
        description: `Rampart access role ${role.name}: ${role.capabilities.join(", ")}`,
        assumeRolePolicy: JSON.stringify(trustPolicy(role, inputs)),
        maxSessionDuration: role.maxSessionSeconds,
        permissionsBoundary: permissionsBoundaryArn,
        tags: { ...tags, ...accessRoleTags(role) },
      },
      parent,
    );
    // Only capabilities with AWS API needs produce statements; an empty policy is refused by IAM.
    const statements = context.apply((c) => roleStatements(role, c));
    if (roleStatements(role, PLACEHOLDER).length > 0) {
      new aws.iam.RolePolicy(
        `${name}-${role.name}-policy`,
        {
          role: iamRole.name,
          name: accessRoleName(inputs.namePrefix, role.name),
          policy: statements.apply((s) => JSON.stringify(policyDocument(s))),
        },
        parent,
      );
    }
    for (const arn of roleManagedPolicies(role, "aws")) {
      const policyName = arn.split("/").pop()!;
      new aws.iam.RolePolicyAttachment(
        `${name}-${role.name}-${policyName.toLowerCase()}`,
        { role: iamRole.name, policyArn: partition.apply((p) => arn.replace(/^arn:aws:/, `arn:${p}:`)) },
        parent,
      );
    }
    roles[role.name] = iamRole;
    roleArns[role.name] = iamRole.arn;
  }
  return { roles, roleArns, permissionsBoundaryArn, partition };
}

/** Decides the shape (which resources exist) before the Outputs resolve; values do not matter. */
const PLACEHOLDER = {
  partition: "aws",
  region: "region",
  accountId: "000000000000",
  clusterName: "cluster",
  logGroupPrefix: "/",
  modelBucketNamePrefix: "models-",
  modelsKeyArn: "key",
  archiveBucketNamePrefix: "archive-",
  siemKeyArn: "key",
};
