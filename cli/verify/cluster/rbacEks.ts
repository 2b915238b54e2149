/**
 * The Kubernetes permissions of EKS access policies, as RBAC rules the evaluator reads like a ClusterRole's.
 * Transcribed from the tables of https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 * (AWS manages these policies and may extend them; a policy not listed here makes a case undecidable).
 * AmazonEKSClusterAdminPolicy is `*` on everything, like Kubernetes' `cluster-admin`.
 */
export interface EksRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const r = (group: string, resources: string, verbs: readonly string[]): EksRule => ({
  apiGroups: [group],
  resources: resources.split(" "),
  verbs,
});

/** The rules AmazonEKSViewPolicy, AmazonEKSEditPolicy and AmazonEKSAdminPolicy share. */
const VIEW: EksRule[] = [
  r(
    "apps",
    "controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status",
    READ,
  ),
  r("autoscaling", "horizontalpodautoscalers horizontalpodautoscalers/status", READ),
  r("batch", "cronjobs cronjobs/status jobs jobs/status", READ),
  r("discovery.k8s.io", "endpointslices", READ),
  r(
    "extensions",
    "daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale",
    READ,
  ),
  r("networking.k8s.io", "ingresses ingresses/status networkpolicies", READ),
  r("policy", "poddisruptionbudgets poddisruptionbudgets/status", READ),
  r(
    "",
    "configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status",
    READ,
  ),
  r(
    "",
    "bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status",
    READ,
  ),
  r("", "namespaces", READ),
];

/** What AmazonEKSEditPolicy adds to the view rules (AmazonEKSAdminPolicy has them too). */
const EDIT: EksRule[] = [
  ...VIEW,
  r(
    "apps",
    "daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale",
    WRITE,
  ),
  r("autoscaling", "horizontalpodautoscalers", WRITE),
  r("batch", "cronjobs jobs", WRITE),
  r(
    "extensions",
    "daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale",
    WRITE,
  ),
  r("networking.k8s.io", "ingresses networkpolicies", WRITE),
  r("policy", "poddisruptionbudgets", WRITE),
  r("", "pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy", READ),
  r("", "serviceaccounts", ["impersonate"]),
  r("", "pods pods/attach pods/exec pods/portforward pods/proxy", WRITE),
  r(
    "",
    "configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy",
    WRITE,
  ),
];

const ALL: EksRule = { apiGroups: ["*"], resources: ["*"], verbs: ["*"] };

export const EKS_ACCESS_POLICY_RULES: Readonly<Record<string, readonly EksRule[]>> = {
  AmazonEKSClusterAdminPolicy: [ALL],
  AmazonEKSAdminPolicy: [
    ...EDIT,
    r("authorization.k8s.io", "localsubjectaccessreviews", ["create"]),
    r("rbac.authorization.k8s.io", "rolebindings roles", [...WRITE, ...READ]),
  ],
  AmazonEKSEditPolicy: EDIT,
  AmazonEKSViewPolicy: VIEW,
  AmazonEKSAdminViewPolicy: [{ apiGroups: ["*"], resources: ["*"], verbs: READ }],
  AmazonEKSSecretReaderPolicy: [r("", "secrets", READ)],
};

/** `arn:aws:eks::aws:cluster-access-policy/<Name>` -> `<Name>`. */
export function accessPolicyName(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}
