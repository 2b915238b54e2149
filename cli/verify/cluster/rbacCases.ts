/**
 * The RBAC cases for Rampart's own stacks, derived from the export (issue #14): for every access role
 * found (the `rampart.io/access-role` label of its RBAC objects, or the `rampart:access-role` tag of its
 * EKS access entry), what its capabilities must allow and what they must never allow, in each of its
 * namespaces. A role's capabilities are the built-in role's (roles.ts), else the `rampart.io/capability`
 * labels of its objects; a custom role with neither (the deployer) gets no cases.
 */
import { RBAC_LABELS } from "../../../components/identity/accessControl.rbac.logic";
import {
  BUILTIN_CAPABILITIES,
  CAPABILITIES,
  type BuiltinRoleName,
  type Capability,
  kubernetesGroupOf,
} from "../../../components/identity/roles";
import { isObject, str, tagsOf } from "../network/props";
import type { ExportResource } from "../network/types";
import { desired } from "../images/workloads";
import { ACCESS_ENTRY_TYPE, type RbacCase } from "./rbac";

const CITE = {
  issue: "issue #14 (one role map across IAM, EKS, Kubernetes RBAC and Vault)",
  rbac: "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
  eksAdmin:
    "https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html#access-policy-permissions-amazoneksclusteradminpolicy",
} as const;

const RBAC_TYPE =
  /^kubernetes:rbac\.authorization\.k8s\.io\/v1:(Role|ClusterRole|RoleBinding|ClusterRoleBinding)$/;
const ACCESS_ROLE_TAG = "rampart:access-role";

interface FoundRole {
  readonly name: string;
  readonly capabilities: Set<Capability>;
  readonly namespaces: Set<string>;
}

/** The access roles of an export, with their capabilities and namespaces. */
export function accessRolesOf(resources: readonly ExportResource[]): FoundRole[] {
  const found = new Map<string, FoundRole>();
  const get = (name: string) => {
    let r = found.get(name);
    if (!r) found.set(name, (r = { name, capabilities: new Set(), namespaces: new Set() }));
    return r;
  };
  for (const r of resources) {
    const obj = desired(r);
    if (r.type === ACCESS_ENTRY_TYPE) {
      const name = tagsOf(obj)[ACCESS_ROLE_TAG];
      if (name) get(name);
      continue;
    }
    const m = RBAC_TYPE.exec(r.type);
    const meta = m && isObject(obj.metadata) ? obj.metadata : undefined;
    const labels = meta && isObject(meta.labels) ? meta.labels : {};
    const name = str(labels[RBAC_LABELS.accessRole]);
    if (!meta || !name) continue;
    const role = get(name);
    const cap = str(labels[RBAC_LABELS.capability]);
    if (cap && (CAPABILITIES as readonly string[]).includes(cap)) role.capabilities.add(cap as Capability);
    const ns = str(meta.namespace);
    if (ns && m && !m[1]!.startsWith("Cluster")) role.namespaces.add(ns);
  }
  for (const role of found.values()) {
    const builtin = BUILTIN_CAPABILITIES[role.name as BuiltinRoleName] as readonly Capability[] | undefined;
    // A built-in role means what roles.ts says, whatever objects the export holds for it.
    if (builtin) {
      role.capabilities.clear();
      builtin.forEach((c) => role.capabilities.add(c));
    }
  }
  return [...found.values()]
    .filter((r) => r.capabilities.size > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The stack named in the export's URNs (`urn:pulumi:<stack>::...`). */
function stackOf(resources: readonly ExportResource[]): string | undefined {
  for (const r of resources) {
    const m = /^urn:pulumi:([^:]+)::/.exec(r.urn);
    if (m) return m[1];
  }
  return undefined;
}

type Req = Omit<RbacCase, "id" | "groups" | "expect" | "cite" | "description">;
const req = (verb: string, resource: string, namespace?: string, apiGroup = ""): Req => ({
  verb,
  resource,
  ...(apiGroup ? { apiGroup } : {}),
  ...(namespace ? { namespace } : {}),
});
const WRITES = ["create", "update", "patch", "delete"];
/** Kinds a read-only role must not change, as `[apiGroup, resource]`: what a model server is made of and configured by. */
const CHANGEABLE: ReadonlyArray<readonly [string, string]> = [
  ["", "pods"],
  ["", "configmaps"],
  ["apps", "deployments"],
  ["batch", "jobs"],
];

export interface RbacCaseOptions {
  /**
   * Whether `models.deploy` may exec (AccessControlArgs.allowExec). `false` adds the no-exec cases; by
   * default they are added in the `prod` stack only, where the design refuses allowExec.
   */
  readonly allowExec?: boolean;
}

export function rbacCases(resources: readonly ExportResource[], opts: RbacCaseOptions = {}): RbacCase[] {
  const roles = accessRolesOf(resources);
  const noExec = opts.allowExec === false || (opts.allowExec === undefined && stackOf(resources) === "prod");
  const everyNamespace = [...new Set(["kube-system", ...roles.flatMap((r) => [...r.namespaces])])].sort();
  const out: RbacCase[] = [];
  for (const role of roles) {
    const has = (c: Capability) => role.capabilities.has(c);
    const groups = [kubernetesGroupOf(role.name)];
    const add = (expect: "allow" | "deny", what: string, r: Req, description: string, cite?: string) =>
      out.push({
        id: `rbac-${role.name}-${what}${r.namespace ? `-${r.namespace}` : ""}`,
        description: `${role.name} ${description}`,
        groups,
        ...r,
        expect,
        ...(expect === "allow" ? { cite: cite ?? CITE.issue } : {}),
      });
    // Namespaced questions go to the role's namespaces; a cluster-wide role is asked about all known ones.
    const spaces = role.namespaces.size > 0 ? [...role.namespaces].sort() : everyNamespace;

    if (has("platform.admin")) {
      add(
        "allow",
        "escalate",
        req("escalate", "clusterroles", undefined, "rbac.authorization.k8s.io"),
        "administers the cluster (AmazonEKSClusterAdminPolicy)",
        CITE.eksAdmin,
      );
      add(
        "allow",
        "get-secrets",
        req("get", "secrets", "kube-system"),
        "administers the cluster (AmazonEKSClusterAdminPolicy)",
        CITE.eksAdmin,
      );
      continue;
    }

    // Never, for any role but the administrators.
    for (const verb of ["escalate", "bind"])
      add(
        "deny",
        verb,
        req(verb, "clusterroles", undefined, "rbac.authorization.k8s.io"),
        `cannot ${verb} ClusterRoles (only platform-admin and break-glass)`,
      );
    for (const who of ["users", "groups", "serviceaccounts"])
      add(
        "deny",
        `impersonate-${who}`,
        req("impersonate", who),
        `cannot impersonate ${who} (only platform-admin and break-glass)`,
      );
    add("deny", "list-secrets", req("list", "secrets"), "cannot list Secrets cluster-wide");
    for (const ns of spaces) {
      add("deny", "get-secrets", req("get", "secrets", ns), "cannot get Secrets");
      add("deny", "watch-secrets", req("watch", "secrets", ns), "cannot watch Secrets");
      add("deny", "bind-roles", req("bind", "roles", ns, "rbac.authorization.k8s.io"), "cannot bind Roles");
      if (noExec)
        for (const sub of ["exec", "attach", "portforward"])
          for (const verb of ["create", "get"])
            // get: a WebSocket upgrade before Kubernetes 1.35
            add("deny", `${verb}-pods-${sub}`, req(verb, `pods/${sub}`, ns), `cannot ${verb} pods/${sub}`);
    }

    if (!has("models.deploy") && !has("prompts.write")) {
      add("deny", "delete-namespaces", req("delete", "namespaces"), "cannot delete namespaces (read-only)");
      for (const ns of spaces)
        for (const [group, resource] of CHANGEABLE)
          for (const verb of WRITES)
            add(
              "deny",
              `${verb}-${resource}`,
              req(verb, resource, ns, group),
              `cannot ${verb} ${resource} (read-only)`,
            );
    }

    if (has("inference.read"))
      for (const ns of role.namespaces) {
        add("allow", "get-pods", req("get", "pods", ns), "sees its inference pods");
        add("allow", "list-deployments", req("list", "deployments", ns, "apps"), "sees its deployments");
        add("allow", "watch-events", req("watch", "events", ns), "sees its events");
        if (!has("models.deploy") && !has("audit.read"))
          add("deny", "get-pods-log", req("get", "pods/log", ns), "cannot read pod logs (they hold prompts)");
        if (!has("prompts.write") && !has("audit.read"))
          add("deny", "get-configmaps", req("get", "configmaps", ns), "cannot read ConfigMaps");
      }

    if (has("models.deploy"))
      for (const ns of role.namespaces) {
        add("allow", "patch-deployments", req("patch", "deployments", ns, "apps"), "rolls out model servers");
        add(
          "allow",
          "scale-deployments",
          req("update", "deployments/scale", ns, "apps"),
          "scales model servers",
        );
        add("allow", "create-jobs", req("create", "jobs", ns, "batch"), "runs model jobs");
        add("allow", "get-pods-log", req("get", "pods/log", ns), "reads its pods' logs");
        add(
          "deny",
          "delete-deployments",
          req("delete", "deployments", ns, "apps"),
          "cannot delete model servers (the stack owns them)",
        );
        add("deny", "create-pods", req("create", "pods", ns), "cannot create pods directly");
      }

    if (has("prompts.write"))
      for (const ns of role.namespaces) {
        add("allow", "update-configmaps", req("update", "configmaps", ns), "changes system prompts");
        add("deny", "delete-configmaps", req("delete", "configmaps", ns), "cannot delete ConfigMaps");
      }

    if (has("audit.read")) {
      add("allow", "list-pods", req("list", "pods"), "reads workloads cluster-wide");
      add("allow", "list-events", req("list", "events"), "reads events cluster-wide");
      add(
        "allow",
        "list-clusterrolebindings",
        req("list", "clusterrolebindings", undefined, "rbac.authorization.k8s.io"),
        "reads who may do what",
      );
      for (const ns of spaces) add("allow", "get-pods-log", req("get", "pods/log", ns), "reads logs");
    }
  }
  // A custom role may hold two capabilities asking the same question: ask it once.
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.id) && seen.add(c.id));
}
