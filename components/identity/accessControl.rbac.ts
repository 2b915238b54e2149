import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { rbacObjectsOf } from "./accessControl.rbac.logic";
import type { AccessRole } from "./roles";

export interface RbacArgs {
  readonly roles: readonly AccessRole[];
  /** `AccessControlArgs.allowExec` (dev only). */
  readonly allowExec: boolean;
  readonly kubeProvider: k8s.Provider;
  /** What must exist first (the role's namespaces). */
  readonly dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

export interface RbacResources {
  readonly clusterRoles: k8s.rbac.v1.ClusterRole[];
  readonly clusterRoleBindings: k8s.rbac.v1.ClusterRoleBinding[];
  readonly roles: k8s.rbac.v1.Role[];
  readonly roleBindings: k8s.rbac.v1.RoleBinding[];
}

/** Kebab-case child names: `rampart:model-management:models.deploy` -> `model-management-models-deploy`. */
const slug = (objectName: string) => objectName.replace(/^rampart:/, "").replace(/[:.]/g, "-");

/**
 * AccessControl's Kubernetes RBAC: the role map's manifests (accessControl.rbac.logic.ts) as resources
 * of the cluster's provider, children of `scope`. A binding is created after its role, so the group is
 * never bound to a role that does not exist yet.
 */
export function createRbac(scope: pulumi.Resource, name: string, args: RbacArgs): RbacResources {
  const m = rbacObjectsOf(args.roles, args.allowExec);
  const opts = { parent: scope, provider: args.kubeProvider, dependsOn: args.dependsOn };
  const clusterRoles = m.clusterRoles.map(
    (o) => new k8s.rbac.v1.ClusterRole(`${name}-cr-${slug(o.metadata.name)}`, o, opts),
  );
  const clusterRoleBindings = m.clusterRoleBindings.map(
    (o, i) =>
      new k8s.rbac.v1.ClusterRoleBinding(`${name}-crb-${slug(o.metadata.name)}`, o, {
        ...opts,
        dependsOn: [clusterRoles[i]!],
      }),
  );
  const roles = m.roles.map(
    (o) => new k8s.rbac.v1.Role(`${name}-role-${o.metadata.namespace!}-${slug(o.metadata.name)}`, o, opts),
  );
  const roleBindings = m.roleBindings.map(
    (o, i) =>
      new k8s.rbac.v1.RoleBinding(`${name}-rb-${o.metadata.namespace!}-${slug(o.metadata.name)}`, o, {
        ...opts,
        dependsOn: [roles[i]!],
      }),
  );
  return { clusterRoles, clusterRoleBindings, roles, roleBindings };
}
