import { objectPolicy, typesOf } from "../../lib/k8s";
import { asString, at } from "../../lib/values";

const TOKEN_TYPE = "kubernetes.io/service-account-token";

/**
 * A Secret of this type makes the token controller write a service-account token that never expires
 * and is stored in etcd, readable by anyone who can read Secrets of the namespace; pods get short-lived,
 * audience-bound tokens through the TokenRequest API (projected volumes) instead.
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token
 * @see https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#legacy-serviceaccount-token-cleaner
 */
export const secretDisallowLegacyServiceAccountToken = objectPolicy({
  name: "kubernetes-secret-disallow-legacy-service-account-token",
  description:
    "Secrets must not be of type kubernetes.io/service-account-token: the controller fills them with a " +
    "service-account token that never expires and sits in etcd for anyone who can read the namespace's " +
    "Secrets (Kubernetes service-account guidance: legacy token Secrets are deprecated; related to CIS " +
    "Kubernetes 5.1.6 / CIS EKS 4.1.6, tokens only where necessary). Remedy: use projected service-account tokens (TokenRequest), or " +
    "`kubectl create token` for a short-lived one.",
  catalog: ["CIS EKS 4.1.6", "NSA-CISA Protecting Pod service account tokens"],
  remediation:
    "Delete the Secret of type kubernetes.io/service-account-token and give pods projected service-account tokens (TokenRequest) instead.",
  types: typesOf(["core/v1"], ["Secret"]),
  check: (secret) => {
    const type = asString(at(secret, "type"));
    if (type?.trim() !== TOKEN_TYPE) return;
    const sa = asString(at(secret, "metadata", "annotations", "kubernetes.io/service-account.name"));
    return `Secret is a legacy service-account token${sa ? ` for "${sa}"` : ""} that never expires: use a projected service-account token (TokenRequest) instead.`;
  },
});
