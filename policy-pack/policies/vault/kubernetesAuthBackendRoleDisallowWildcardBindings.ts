import { resourcePolicy } from "../../lib/policy";
import { asList } from "../../lib/values";

/** Vault's Kubernetes auth matches these lists with globs: `*` alone or inside a name admits many. */
const isGlob = (s: string) => s.includes("*");

/**
 * A Kubernetes auth role admits a service-account token when its name and namespace are in the role's
 * bound lists. `*` (or a glob like `app-*`) in either list lets any pod whose service account matches log
 * in with the role's policies: anyone able to create a service account in a matching namespace (or a
 * namespace at all, with `*`) gets the secrets. A namespace label selector has the same effect for anyone
 * who can label namespaces. Bind exact namespace and service-account pairs.
 * Catalog: no check covers Vault role bindings; the closest control is NSA/CISA "Protecting Pod service
 * account tokens" (a service-account token is a credential whose reach must be limited).
 * @see https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#create-role
 * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes
 */
export const kubernetesAuthBackendRoleDisallowWildcardBindings = resourcePolicy({
  name: "vault-kubernetes-authbackendrole-disallow-wildcard-bindings",
  description:
    "Vault Kubernetes auth roles must bind exact service-account names and namespaces: `*` or a glob in " +
    "bound_service_account_names or bound_service_account_namespaces, or namespaces chosen by a label " +
    "selector, let any pod with a matching service account log in with the role's policies (Vault " +
    "Kubernetes auth docs; NSA/CISA Kubernetes Hardening: least privilege for service accounts).",
  catalog: ["NSA-CISA Protecting Pod service account tokens"],
  remediation:
    'Set boundServiceAccountNames and boundServiceAccountNamespaces to exact names (no "*" or globs) and remove boundServiceAccountNamespaceSelector.',
  types: ["vault:kubernetes/authBackendRole:AuthBackendRole"],
  check: (props) => {
    const out: string[] = [];
    const role =
      typeof props.roleName === "string"
        ? `Vault Kubernetes auth role "${props.roleName}"`
        : "Vault Kubernetes auth role";
    const lists: [string, string][] = [
      ["boundServiceAccountNames", "service accounts"],
      ["boundServiceAccountNamespaces", "namespaces"],
    ];
    for (const [field, what] of lists) {
      const values = asList(props[field]);
      const bad = values.filter((v): v is string => typeof v === "string" && isGlob(v));
      if (bad.length > 0)
        out.push(
          `${role} admits any of the ${what} matching ${bad.map((b) => `"${b}"`).join(", ")} (${field}): list exact names.`,
        );
      if (values.some((v) => v === "")) out.push(`${role} has an empty entry in ${field}: list exact names.`);
    }
    if (asList(props.boundServiceAccountNames).length === 0)
      out.push(`${role} binds no service account (boundServiceAccountNames is empty): list exact names.`);
    const selector = props.boundServiceAccountNamespaceSelector;
    if (typeof selector === "string" && selector.trim() !== "")
      out.push(
        `${role} admits namespaces by label selector (boundServiceAccountNamespaceSelector): whoever can label ` +
          `a namespace gets in; list exact namespaces in boundServiceAccountNamespaces.`,
      );
    else if (asList(props.boundServiceAccountNamespaces).length === 0)
      out.push(`${role} binds no namespace (boundServiceAccountNamespaces is empty): list exact namespaces.`);
    return out;
  },
});
