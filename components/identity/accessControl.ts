import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/problems";
import type { AccessControlArgs, AccessControlOutputs } from "./accessControl.args";
import { createAccessEntries } from "./accessControl.eks";
import { createIamRoles } from "./accessControl.iam";
import { createRbac } from "./accessControl.rbac";
import { validateAccessControlArgs } from "./accessControl.validate";

/**
 * The role map (roles.ts) in AWS and Kubernetes: one IAM role per access role, trusted by the
 * organisation's identity provider only (break-glass: named IAM principals with MFA), each under the
 * permissions boundary with its capabilities' permissions (accessControl.iam*.ts); an EKS access entry
 * per role mapping it to the Kubernetes group `rampart:<role>`, with cluster-admin only for
 * `platform.admin` (accessControl.eks.ts); and the RBAC objects binding each group to exactly its
 * capabilities' verbs (accessControl.rbac*.ts). Vault's side is `VaultAccess`; the break-glass alarm is
 * SiemPipeline's (`breakGlassRoleArn`), which watches the trail.
 */
export class AccessControl extends pulumi.ComponentResource implements AccessControlOutputs {
  public readonly roleArns: Readonly<Record<string, pulumi.Output<string>>>;
  public readonly permissionsBoundaryArn: pulumi.Output<string>;

  constructor(name: string, args: AccessControlArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("AccessControl", name, validateAccessControlArgs(args));
    super("rampart:identity:AccessControl", name, {}, opts);
    const iam = createIamRoles(this, name, args);
    createAccessEntries(this, name, {
      clusterName: args.clusterName,
      roles: args.roles,
      roleArns: iam.roleArns,
      partition: iam.partition,
      tags: args.tags,
    });
    createRbac(this, name, {
      roles: args.roles,
      allowExec: args.allowExec ?? false,
      kubeProvider: args.kubeProvider,
      dependsOn: [...(args.rbacDependsOn ?? [])],
    });
    this.roleArns = iam.roleArns;
    this.permissionsBoundaryArn = iam.permissionsBoundaryArn;
    this.registerOutputs({ roleArns: this.roleArns, permissionsBoundaryArn: this.permissionsBoundaryArn });
  }
}
