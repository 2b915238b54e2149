import { parse } from "yaml";
import { nameOf, namespaceOf, objectPolicy, typesOf } from "../../lib/k8s";
import { asArray, asObject, asString, at } from "../../lib/values";

const KEYS = ["mapRoles", "mapUsers"] as const;

/** The mapping entries of one aws-auth key: a YAML (or JSON) list of `{ rolearn|userarn, groups }`. */
function entries(text: string): Record<string, any>[] | undefined {
  try {
    return asArray(parse(text)).flatMap((e) => (asObject(e) ? [e as Record<string, any>] : []));
  } catch {
    return undefined;
  }
}

/**
 * The older form of an access entry's groups: `kube-system/aws-auth`'s `mapRoles`/`mapUsers` map IAM
 * principals to Kubernetes groups while the cluster's authentication mode still reads the ConfigMap.
 * Node roles legitimately map to `system:bootstrappers` and `system:nodes`; `system:masters` is never
 * needed (EKS access policies grant admin, revocably).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
 */
export const configMapDisallowAwsAuthSystemMasters = objectPolicy({
  name: "kubernetes-configmap-disallow-aws-auth-system-masters",
  description:
    "The EKS aws-auth ConfigMap must not map IAM roles or users to system:masters: that group bypasses RBAC " +
    "and cannot be revoked by any binding, and the mapping lives in a ConfigMap anyone who can edit " +
    "kube-system can change (CIS Kubernetes 5.1.7 avoid system:masters; EKS Best Practices, Identity and " +
    "Access Management). Remedy: move to access entries (authentication mode API) with the " +
    "AmazonEKSClusterAdminPolicy access policy for real administrators.",
  catalog: ["CIS EKS 4.1.7", "NSA-CISA Authentication and authorization"],
  remediation:
    'Remove "system:masters" from the groups of every mapRoles and mapUsers entry in kube-system/aws-auth, and grant administrators an EKS access entry with an access policy instead.',
  types: typesOf(["core/v1"], ["ConfigMap"]),
  check: (cm) => {
    if (nameOf(cm) !== "aws-auth") return;
    const ns = namespaceOf(cm);
    if (typeof ns !== "string" || ns !== "kube-system") return;
    const out: string[] = [];
    for (const key of KEYS) {
      const text = asString(at(cm, "data", key));
      if (text === undefined || text.trim() === "") continue;
      const parsed = entries(text);
      if (parsed === undefined) {
        // Not YAML the authenticator could read either; still say so if it names system:masters.
        if (/(^|[^\w:-])system:masters(?![\w:-])/m.test(text))
          out.push(
            `aws-auth ${key} maps a principal to system:masters: remove the mapping and use an access entry with an access policy.`,
          );
        continue;
      }
      for (const e of parsed) {
        const groups = asArray(e.groups).filter((g): g is string => typeof g === "string");
        if (!groups.some((g) => g.trim() === "system:masters")) continue;
        const who = asString(e.rolearn) ?? asString(e.userarn) ?? "a principal";
        out.push(
          `aws-auth ${key} maps ${who} to system:masters: remove the mapping and use an access entry with an access policy.`,
        );
      }
    }
    return out;
  },
});
