import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { asObject, tagValue } from "../../lib/values";

const ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const ENTRY = "aws:eks/accessEntry:AccessEntry";
const ROLE_TAG = "rampart:access-role";

/** `arn:<partition>:eks::aws:cluster-access-policy/<Name>` -> `<Name>`. */
function accessPolicyName(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/([A-Za-z0-9]+)$/.exec(arn.trim())?.[1];
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];

/**
 * The association says which access policy an IAM principal gets, the access entry (same cluster, same
 * principal ARN) says whose principal it is: AccessControl tags each entry `rampart:access-role=<role>`
 * (HardenedCluster's deployer entry `deployer`). Cluster-wide admin (AmazonEKSClusterAdminPolicy,
 * AmazonEKSAdminPolicy; AmazonEKSAdminViewPolicy, which reads every Secret) is for the administrative
 * roles only; an entry of another role, an untagged entry or no entry in the stack (a user's own stack)
 * is flagged unless the principal is listed in `adminPrincipalArns`.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html
 */
export const eksAccessPolicyAssociationRestrictClusterAdmin = stackPolicy({
  name: "aws-eks-accesspolicyassociation-restrict-cluster-admin",
  description:
    "EKS access policy associations must not give cluster-wide admin (AmazonEKSClusterAdminPolicy, " +
    "AmazonEKSAdminPolicy or the Secret-reading AmazonEKSAdminViewPolicy at cluster scope) to a principal " +
    "whose access entry is not an administrative role (rampart:access-role platform-admin, break-glass or " +
    "deployer) or a configured admin principal: it is every Secret and every workload of the cluster " +
    "(CIS EKS 4.1.1 cluster-admin only where required, 4.1.2 minimize access to secrets). Remedy: scope the " +
    'association to the role\'s namespaces (accessScope { type: "namespace" }) or grant through RBAC.',
  catalog: ["CIS EKS 4.1.1", "CIS EKS 4.1.2", "AVD-KSV-0111"],
  remediation:
    'Set accessScope to { type: "namespace", namespaces: [...] } or associate a narrower access policy, unless the entry is an administrative role (adminRoles) or listed in adminPrincipalArns.',
  types: [ASSOCIATION, ENTRY],
  configSchema: {
    properties: {
      adminPolicies: {
        type: "array",
        items: { type: "string" },
        default: ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy"],
        description:
          "EKS access policies (by name) that must not be associated at cluster scope outside the admin roles.",
      },
      adminRoles: {
        type: "array",
        items: { type: "string" },
        default: ["platform-admin", "break-glass", "deployer"],
        description: "rampart:access-role values of access entries that may hold cluster-wide admin.",
      },
      adminPrincipalArns: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "IAM principal ARNs that may hold cluster-wide admin whatever their entry's tags.",
      },
    },
  },
  check: (_resources, ctx) => {
    const adminPolicies = strings(ctx.config.adminPolicies);
    const adminRoles = strings(ctx.config.adminRoles);
    const adminPrincipals = strings(ctx.config.adminPrincipalArns);
    const entries = ctx.ofType(ENTRY);
    const out: StackViolation[] = [];
    for (const assoc of ctx.ofType(ASSOCIATION)) {
      const read = seen(() => {
        const p = assoc.props;
        const scope = "accessScope" in p ? asObject(p.accessScope) : undefined;
        return {
          policyArn: "policyArn" in p ? p.policyArn : undefined,
          scopeType: scope && "type" in scope ? scope.type : undefined,
          principalArn: "principalArn" in p ? p.principalArn : undefined,
        };
      });
      if (read === UNSEEN) continue;
      const policy = typeof read.policyArn === "string" ? accessPolicyName(read.policyArn) : undefined;
      if (policy === undefined || !adminPolicies.includes(policy)) continue;
      if (typeof read.scopeType !== "string" || read.scopeType.toLowerCase() !== "cluster") continue;
      const principal = typeof read.principalArn === "string" ? read.principalArn : undefined;
      if (principal !== undefined && adminPrincipals.includes(principal.trim())) continue;
      const entry = entries.find(
        (e: PolicyResource) => refersTo(assoc, "principalArn", e, ["principalArn"]) === true,
      );
      const tagged = entry === undefined ? undefined : seen(() => tagValue(entry.props, ROLE_TAG));
      if (tagged === UNSEEN) continue;
      const role = tagged?.trim() === "" ? undefined : tagged;
      if (role !== undefined && adminRoles.includes(role)) continue;
      const who =
        role !== undefined
          ? `the ${role} role's access entry`
          : entry !== undefined
            ? `an access entry without a ${ROLE_TAG} tag`
            : `${principal ?? "a principal"} (no access entry for it in this stack)`;
      out.push({
        urn: assoc.urn,
        message:
          `Access policy association gives ${policy} at cluster scope to ${who}: only ${adminRoles.join(", ")} ` +
          `(or a principal in adminPrincipalArns) may hold cluster-wide admin; scope it to the role's namespaces or grant through RBAC.`,
      });
    }
    return out;
  },
});
