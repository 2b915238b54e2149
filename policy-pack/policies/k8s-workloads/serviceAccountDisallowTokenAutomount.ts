import { objectPolicy, typesOf } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { at } from "../../lib/values";

/**
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
 */
export const serviceAccountDisallowTokenAutomount = objectPolicy({
  name: "kubernetes-serviceaccount-disallow-token-automount",
  description:
    "ServiceAccounts must set automountServiceAccountToken: false, so pods that use them (including pods " +
    "created later, by hand or by a chart) get no API token unless they ask for one.",
  catalog: ["CIS EKS 4.1.6", "NSA-CISA Protecting Pod service account tokens"],
  remediation: "Set automountServiceAccountToken to false on the ServiceAccount.",
  types: typesOf(["core/v1"], ["ServiceAccount"]),
  check: (sa, { partial }) => {
    const v = at(sa, "automountServiceAccountToken");
    if (v === false || v === UNSEEN) return;
    if (partial && v !== true) return;
    return "ServiceAccount does not set automountServiceAccountToken: false: pods using it get an API token.";
  },
});
