/**
 * The Kubernetes RBAC plane of the role map: one table from capability to its rules (RBAC_GRANTS), and
 * the Role/ClusterRole/RoleBinding/ClusterRoleBinding manifests a role map derives into. Pure: the
 * builder (accessControl.rbac.ts) only turns these manifests into resources, and `rampart verify`
 * evaluates the same objects from the export (cli/verify/cluster/rbac.ts).
 *
 * RBAC only adds permissions (there is no deny rule), so "everything except Secrets" is an explicit list,
 * and no rule here uses `*` (a wildcard also grants every resource a CRD adds later).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */
import { type AccessRole, CAPABILITIES, type Capability, kubernetesGroupOf } from "./roles";

export type PolicyRule = {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
};

export interface RbacContext {
  /** The role's namespaces: namespaced rules apply in each of them and nowhere else. */
  readonly namespaces: readonly string[];
  /** `AccessControlArgs.allowExec`: let `models.deploy` exec, attach and port-forward (dev only). */
  readonly allowExec: boolean;
}

export interface RbacGrant {
  /** Rules in a ClusterRole bound by a ClusterRoleBinding: every namespace and cluster-scoped resources. */
  readonly clusterRules: readonly PolicyRule[];
  /** Rules in a Role of each of the role's namespaces. */
  readonly namespacedRules: readonly PolicyRule[];
}

const READ = ["get", "list", "watch"] as const;
const rule = (apiGroup: string, resources: readonly string[], verbs: readonly string[]): PolicyRule => ({
  apiGroups: [apiGroup],
  resources: [...resources],
  verbs: [...verbs],
});

/**
 * What an auditor reads cluster-wide: every built-in kind but Secrets (and their `/token` and `/proxy`
 * subresources, never listed), plus the mesh's and the monitoring operator's policy objects. `pods/log`
 * is the one subresource: logs are what an investigation reads. Kinds from the Kubernetes API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/), Istio's
 * (https://istio.io/latest/docs/reference/config/) and the Prometheus operator's CRDs.
 */
export const AUDIT_READ_RESOURCES: ReadonlyArray<readonly [string, readonly string[]]> = [
  [
    "",
    [
      "configmaps",
      "endpoints",
      "events",
      "limitranges",
      "namespaces",
      "nodes",
      "persistentvolumeclaims",
      "persistentvolumes",
      "pods",
      "pods/log",
      "podtemplates",
      "replicationcontrollers",
      "resourcequotas",
      "serviceaccounts",
      "services",
    ],
  ],
  ["apps", ["controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"]],
  ["batch", ["cronjobs", "jobs"]],
  ["autoscaling", ["horizontalpodautoscalers"]],
  ["policy", ["poddisruptionbudgets"]],
  ["discovery.k8s.io", ["endpointslices"]],
  ["events.k8s.io", ["events"]],
  ["networking.k8s.io", ["ingressclasses", "ingresses", "networkpolicies"]],
  ["rbac.authorization.k8s.io", ["clusterrolebindings", "clusterroles", "rolebindings", "roles"]],
  ["storage.k8s.io", ["csidrivers", "csinodes", "storageclasses", "volumeattachments"]],
  ["scheduling.k8s.io", ["priorityclasses"]],
  ["node.k8s.io", ["runtimeclasses"]],
  ["coordination.k8s.io", ["leases"]],
  ["certificates.k8s.io", ["certificatesigningrequests"]],
  [
    "admissionregistration.k8s.io",
    [
      "mutatingwebhookconfigurations",
      "validatingadmissionpolicies",
      "validatingadmissionpolicybindings",
      "validatingwebhookconfigurations",
    ],
  ],
  ["apiextensions.k8s.io", ["customresourcedefinitions"]],
  ["security.istio.io", ["authorizationpolicies", "peerauthentications", "requestauthentications"]],
  [
    "networking.istio.io",
    ["destinationrules", "envoyfilters", "gateways", "serviceentries", "sidecars", "virtualservices"],
  ],
  ["monitoring.coreos.com", ["podmonitors", "prometheusrules", "servicemonitors"]],
];

/**
 * The capability -> RBAC table (the common design of #14, "What each capability means"). Capabilities
 * that are not Kubernetes permissions grant nothing here: `cluster.describe` and `models.publish` are
 * IAM-only, and `platform.admin` is EKS's AmazonEKSClusterAdminPolicy on the role's access entry (no
 * standing cluster-admin binding; the access entries own it).
 */
export const RBAC_GRANTS: Readonly<Record<Capability, (ctx: RbacContext) => RbacGrant>> = {
  "cluster.describe": () => ({ clusterRules: [], namespacedRules: [] }),
  // No pods/log (the model server logs prompts), no Secrets, no ConfigMaps.
  "inference.read": () => ({
    clusterRules: [],
    namespacedRules: [
      rule("", ["endpoints", "events", "pods", "services"], READ),
      rule("apps", ["deployments", "replicasets", "statefulsets"], READ),
      rule("autoscaling", ["horizontalpodautoscalers"], READ),
      rule("policy", ["poddisruptionbudgets"], READ),
      rule("discovery.k8s.io", ["endpointslices"], READ),
      rule("events.k8s.io", ["events"], READ),
    ],
  }),
  "models.publish": () => ({ clusterRules: [], namespacedRules: [] }),
  // Roll out (patch/update the template) and scale; run model jobs; read the pods' logs. Never create or
  // delete the servers themselves (their manifests belong to the stack), never Secrets.
  "models.deploy": ({ allowExec }) => ({
    clusterRules: [],
    namespacedRules: [
      rule("apps", ["deployments", "statefulsets"], [...READ, "patch", "update"]),
      // The scale subresource serves get, update and patch only (list/watch are not served on it).
      // https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/#get-read-scale-of-the-specified-deployment
      rule("apps", ["deployments/scale", "statefulsets/scale"], ["get", "patch", "update"]),
      rule("batch", ["jobs"], ["create", "delete", ...READ]),
      rule("", ["pods/log"], ["get"]),
      // kubectl exec/attach/port-forward are `create` on the subresource over SPDY (a POST); over
      // WebSockets the upgrade is a GET, authorised as `get` until the AuthorizePodWebsocketUpgrade-
      // CreatePermission gate (KEP-4006, beta and on in 1.35) makes it `create`: both, so either works.
      // https://github.com/kubernetes/enhancements/tree/master/keps/sig-api-machinery/4006-transition-spdy-to-websockets
      ...(allowExec ? [rule("", ["pods/attach", "pods/exec", "pods/portforward"], ["create", "get"])] : []),
    ],
  }),
  "prompts.write": () => ({
    clusterRules: [],
    namespacedRules: [rule("", ["configmaps"], [...READ, "create", "update", "patch"])],
  }),
  "audit.read": () => ({
    clusterRules: AUDIT_READ_RESOURCES.map(([group, resources]) => rule(group, resources, READ)),
    namespacedRules: [],
  }),
  "platform.admin": () => ({ clusterRules: [], namespacedRules: [] }),
};

/** One line per capability for the README's plane table. */
export const RBAC_SUMMARY: Readonly<Record<Capability, string>> = {
  "cluster.describe": "nothing (discovery only)",
  "inference.read":
    "get/list/watch pods, services, endpoints(lices), deployments, replicasets, statefulsets, HPAs, PDBs, events in its namespaces; no logs, Secrets or ConfigMaps",
  "models.publish": "nothing (IAM only)",
  "models.deploy":
    "patch/update and scale deployments and statefulsets, create/delete jobs, read pods/log in its namespaces; never Secrets; exec/attach/port-forward only with allowExec (dev)",
  "prompts.write": "get/list/watch/create/update/patch ConfigMaps in its namespaces",
  "audit.read":
    "cluster-wide get/list/watch of every built-in kind and the mesh's policies, with pods/log and events; never Secrets",
  "platform.admin": "no RBAC: EKS AmazonEKSClusterAdminPolicy (cluster scope) on its access entry",
};

export const RBAC_LABELS = {
  managedBy: "app.kubernetes.io/managed-by",
  accessRole: "rampart.io/access-role",
  capability: "rampart.io/capability",
} as const;

const API = "rbac.authorization.k8s.io";
const API_VERSION = `${API}/v1` as const;

export interface RbacMeta {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
}
export interface RuleManifest {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
export interface RoleManifest<K extends "Role" | "ClusterRole"> {
  apiVersion: typeof API_VERSION;
  kind: K;
  metadata: RbacMeta;
  rules: RuleManifest[];
}
export interface BindingManifest<K extends "RoleBinding" | "ClusterRoleBinding"> {
  apiVersion: typeof API_VERSION;
  kind: K;
  metadata: RbacMeta;
  roleRef: { apiGroup: string; kind: "Role" | "ClusterRole"; name: string };
  subjects: { kind: "Group"; apiGroup: string; name: string }[];
}

export interface RbacManifests {
  readonly clusterRoles: RoleManifest<"ClusterRole">[];
  readonly clusterRoleBindings: BindingManifest<"ClusterRoleBinding">[];
  readonly roles: RoleManifest<"Role">[];
  readonly roleBindings: BindingManifest<"RoleBinding">[];
}

/** `rampart:<role>:<capability>`: every object says which role and which capability it is for. */
export const rbacObjectName = (role: string, capability: Capability) => `rampart:${role}:${capability}`;

/**
 * The RBAC objects of a role map: per role and per capability with rules, a ClusterRole and a
 * ClusterRoleBinding (cluster rules), and a Role and RoleBinding in each of the role's namespaces
 * (namespaced rules, as Roles so they can never be bound cluster-wide). Every binding's only subject is
 * the role's group, `rampart:<role>`, which its EKS access entry maps.
 */
export function rbacObjectsOf(roles: readonly AccessRole[], allowExec: boolean): RbacManifests {
  const out: RbacManifests = { clusterRoles: [], clusterRoleBindings: [], roles: [], roleBindings: [] };
  for (const role of roles) {
    const subjects = [{ kind: "Group" as const, apiGroup: API, name: kubernetesGroupOf(role.name) }];
    // Capabilities in the table's order, each once, so the objects do not depend on the config's order.
    for (const capability of CAPABILITIES.filter((c) => role.capabilities.includes(c))) {
      const grant = RBAC_GRANTS[capability]({ namespaces: role.namespaces, allowExec });
      const name = rbacObjectName(role.name, capability);
      const labels = {
        [RBAC_LABELS.managedBy]: "rampart",
        [RBAC_LABELS.accessRole]: role.name,
        [RBAC_LABELS.capability]: capability,
      };
      const rules = (rs: readonly PolicyRule[]): RuleManifest[] =>
        rs.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] }));
      if (grant.clusterRules.length > 0) {
        const kind = "ClusterRole" as const;
        out.clusterRoles.push({
          apiVersion: API_VERSION,
          kind,
          metadata: { name, labels },
          rules: rules(grant.clusterRules),
        });
        out.clusterRoleBindings.push({
          apiVersion: API_VERSION,
          kind: "ClusterRoleBinding",
          metadata: { name, labels },
          roleRef: { apiGroup: API, kind: "ClusterRole", name },
          subjects,
        });
      }
      if (grant.namespacedRules.length === 0) continue;
      for (const namespace of [...new Set(role.namespaces)].sort()) {
        out.roles.push({
          apiVersion: API_VERSION,
          kind: "Role",
          metadata: { name, namespace, labels },
          rules: rules(grant.namespacedRules),
        });
        out.roleBindings.push({
          apiVersion: API_VERSION,
          kind: "RoleBinding",
          metadata: { name, namespace, labels },
          roleRef: { apiGroup: API, kind: "Role", name },
          subjects,
        });
      }
    }
  }
  return out;
}
