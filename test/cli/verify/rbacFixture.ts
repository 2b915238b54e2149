import { rbacObjectsOf } from "../../../components/identity/accessControl.rbac.logic";
import type { AccessRole } from "../../../components/identity/roles";
import type { ExportResource } from "../../../cli/verify/network";
import { UNKNOWN } from "../../../cli/verify/network/props";

/** Export resources for the RBAC evaluator's tests: objects as `rampart plan` writes them (inputs). */
export const G = "rbac.authorization.k8s.io";
const ACCOUNT = "123456789012";

const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::rampart::${type}::${name}`;

export function k8sObject(obj: Record<string, any>, stack = "prod"): ExportResource {
  const type = `kubernetes:${G}/v1:${obj.kind}`;
  const name = `${obj.metadata.namespace ?? "cluster"}-${obj.metadata.name}`;
  return { urn: urn(stack, type, name), type, inputs: { apiVersion: `${G}/v1`, ...obj } };
}

export const clusterRole = (name: string, rules: any[], labels: Record<string, string> = {}, extra = {}) =>
  k8sObject({ kind: "ClusterRole", metadata: { name, labels }, rules, ...extra });
export const role = (namespace: string, name: string, rules: any[]) =>
  k8sObject({ kind: "Role", metadata: { name, namespace }, rules });
export const groupSubject = (name: string) => ({ kind: "Group", apiGroup: G, name });
export const clusterBinding = (name: string, roleName: string, subjects: any[]) =>
  k8sObject({
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: G, kind: "ClusterRole", name: roleName },
    subjects,
  });
export const roleBinding = (
  namespace: string,
  name: string,
  ref: { kind: "Role" | "ClusterRole"; name: string },
  subjects: any[],
) =>
  k8sObject({
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: { apiGroup: G, ...ref },
    subjects,
  });

export const roleArn = (role: string) => `arn:aws:iam::${ACCOUNT}:role/rampart-prod-${role}`;

/** An access entry as AccessControl (or HardenedCluster) registers it. */
export function accessEntry(name: string, groups: string[], tag?: string, stack = "prod"): ExportResource {
  const type = "aws:eks/accessEntry:AccessEntry";
  return {
    urn: urn(stack, type, `access-${name}`),
    type,
    inputs: {
      clusterName: "rampart-prod",
      principalArn: roleArn(name),
      kubernetesGroups: groups,
      type: "STANDARD",
      ...(tag ? { tags: { "rampart:access-role": tag } } : {}),
    },
  };
}

export function association(
  name: string,
  policy: string,
  namespaces?: string[],
  principalArn: string = roleArn(name),
): ExportResource {
  const type = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
  return {
    urn: urn("prod", type, `access-${name}-${policy}`),
    type,
    inputs: {
      clusterName: "rampart-prod",
      principalArn,
      policyArn: `arn:aws:eks::aws:cluster-access-policy/${policy}`,
      accessScope: namespaces ? { type: "namespace", namespaces } : { type: "cluster" },
    },
  };
}

export const unknownValue = UNKNOWN;

/**
 * The export of the role map's access: AccessControl's RBAC objects, an access entry per role mapping
 * its group (tagged with the role), and cluster-admin for the administrative roles; plus the deployer.
 */
export function accessExport(
  roles: readonly AccessRole[],
  allowExec = false,
  stack = "prod",
): ExportResource[] {
  const m = rbacObjectsOf(roles, allowExec);
  const objects = [...m.clusterRoles, ...m.clusterRoleBindings, ...m.roles, ...m.roleBindings].map((o) =>
    k8sObject(o, stack),
  );
  const entries = roles.map((r) => accessEntry(r.name, [`rampart:${r.name}`], r.name, stack));
  const admins = roles
    .filter((r) => r.capabilities.includes("platform.admin"))
    .map((r) => association(r.name, "AmazonEKSClusterAdminPolicy"));
  return [
    ...objects,
    ...entries,
    ...admins,
    accessEntry("deployer", [], "deployer", stack),
    association("deployer", "AmazonEKSClusterAdminPolicy"),
  ];
}
