import type { Policy } from "../lib/policy";

/** Every Kubernetes, service-mesh and Helm policy, in catalog order. */
export const kubernetesPolicies: Policy[] = [];
