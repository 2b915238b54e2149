import { objectPolicy, typesOf } from "../../lib/k8s";
import { asArray, at } from "../../lib/values";

/**
 * CVE-2020-8554: whoever can set spec.externalIPs can intercept traffic to those addresses cluster-wide.
 * @see https://github.com/kubernetes/kubernetes/issues/97076
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
 */
export const serviceDisallowExternalIps = objectPolicy({
  name: "kubernetes-service-disallow-external-ips",
  description:
    "Services must not set spec.externalIPs: kube-proxy then captures traffic to those addresses from every " +
    "pod and node (CVE-2020-8554), a man-in-the-middle on any IP, and exposes the Service outside the " +
    "load-balancer controls.",
  catalog: ["AVD-KSV-0108", "NSA-CISA Network separation and hardening"],
  remediation:
    "Remove spec.externalIPs from the Service and expose it through an internal load balancer or the ingress tier.",
  types: typesOf(["core/v1"], ["Service"]),
  check: (svc) => {
    const ips = asArray(at(svc, "spec", "externalIPs"));
    if (ips.length === 0) return;
    return "Service sets spec.externalIPs: remove them and expose it through an internal load balancer.";
  },
});
