/**
 * The quarantine label: a pod labelled `rampart.io/quarantine=true` loses every network flow our
 * NetworkPolicies allow (each allow policy excludes it, since NetworkPolicies only add allowances, and a
 * deny-all policy selects it), so that an operator contains a compromised pod without deleting the
 * evidence (docs/runbooks/). `kubectl label pod <pod> rampart.io/quarantine=true`.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export const QUARANTINE_LABEL = "rampart.io/quarantine";
export const QUARANTINE_VALUE = "true";

/** The selector term every allow policy adds so that quarantined pods match none of them. */
export const NOT_QUARANTINED = { key: QUARANTINE_LABEL, operator: "DoesNotExist" } as const;
