import { namespaceOf, objectPolicy } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { asArray, at, asObject, knownStrings } from "../../lib/values";
import { DESTINATION_RULE_TYPES } from "../../lib/k8sTypes";

/** undefined: fine; otherwise why outlier detection is off. UNSEEN: cannot tell. */
function outlierProblem(policy: unknown): string | undefined | typeof UNSEEN {
  const od = at(policy, "outlierDetection");
  if (od === UNSEEN) return UNSEEN;
  if (!asObject(od)) return "no outlierDetection";
  // consecutive5xxErrors defaults to 5; 0 disables it, and gateway errors are off unless set.
  const e5xx = at(od, "consecutive5xxErrors");
  const gw = at(od, "consecutiveGatewayErrors");
  const maxPct = at(od, "maxEjectionPercent");
  if ([e5xx, gw, maxPct].includes(UNSEEN)) return UNSEEN;
  if (e5xx === 0 && !(typeof gw === "number" && gw > 0)) return "outlierDetection that never ejects";
  if (maxPct === 0) return "outlierDetection with maxEjectionPercent 0";
  return undefined;
}

/**
 * Outlier detection is Istio's circuit breaker: it ejects replicas that keep failing (an OOM-ing or hung
 * model server) from the load-balancing pool.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
 * @see https://istio.io/latest/docs/tasks/traffic-management/circuit-breaking/
 */
export const destinationRuleRequireOutlierDetection = objectPolicy({
  name: "istio-destinationrule-require-outlier-detection",
  description:
    "DestinationRules (all of them, or those in the configured namespaces, e.g. the inference namespaces) " +
    "must configure trafficPolicy.outlierDetection, at the top or in every subset, and not disable it. " +
    "Without it a failing model-server replica keeps receiving its share of requests, and retries pile onto " +
    "it until the whole service degrades.",
  // No catalog checks outlier detection; the closest general control is the NSA/CISA guide's resource policies (availability under exhaustion).
  catalog: ["NSA-CISA Resource policies"],
  remediation:
    "Set trafficPolicy.outlierDetection (consecutive5xxErrors, interval, baseEjectionTime) on the DestinationRule and on each subset that overrides trafficPolicy.",
  types: DESTINATION_RULE_TYPES,
  configSchema: {
    properties: {
      namespaces: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Only DestinationRules in these namespaces are checked; empty means all.",
      },
    },
  },
  check: (dr, { config, partial }) => {
    if (partial) return;
    const scope = knownStrings(config.namespaces);
    if (scope.length > 0) {
      const ns = namespaceOf(dr);
      if (ns === UNSEEN || ns === undefined || !scope.includes(ns)) return;
    }
    const spec = asObject(at(dr, "spec"));
    if (!spec) return;
    const top = outlierProblem(at(spec, "trafficPolicy"));
    if (top === undefined || top === UNSEEN) return;
    // Subsets inherit the top-level policy; without one each subset must carry its own.
    const subsets = at(spec, "subsets");
    if (subsets === UNSEEN) return;
    const list = asArray(subsets);
    if (list.length > 0) {
      const problems = list.map((s) => outlierProblem(at(s, "trafficPolicy")));
      if (problems.includes(UNSEEN)) return;
      if (problems.every((p) => p === undefined)) return;
    }
    return (
      `DestinationRule has ${top}: set trafficPolicy.outlierDetection (e.g. consecutive5xxErrors: 5, ` +
      "interval: 30s, baseEjectionTime: 30s) so failing replicas are ejected."
    );
  },
});
