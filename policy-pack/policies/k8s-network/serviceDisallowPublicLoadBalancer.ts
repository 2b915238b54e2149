import { metaValue, objectPolicy, typesOf } from "../../lib/k8s";
import { UNSEEN } from "../../lib/unknown";
import { asArray, at, asObject, asString } from "../../lib/values";

export const SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";
export const SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";
const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/**
 * The in-tree AWS cloud provider (and the AWS Load Balancer Controller for Services it does not own)
 * creates an internet-facing load balancer unless told otherwise, so internal must be written down.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/#lb-scheme
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#internal-load-balancer
 */
export const serviceDisallowPublicLoadBalancer = objectPolicy({
  name: "kubernetes-service-disallow-public-load-balancer",
  description:
    "Services of type LoadBalancer must be internal: annotate service.beta.kubernetes.io/aws-load-balancer-" +
    'scheme: internal (or service.beta.kubernetes.io/aws-load-balancer-internal: "true"). Otherwise the ' +
    "cloud provider creates an internet-facing load balancer straight to the pods, around the ingress tier, " +
    "its WAF and its TLS policy; loadBalancerSourceRanges of 0.0.0.0/0 is reported too.",
  catalog: ["KICS 26763a1c-5dda-4772-b507-5fca7fb5f165", "NSA-CISA Network separation and hardening"],
  remediation:
    "Annotate the Service with service.beta.kubernetes.io/aws-load-balancer-scheme: internal (and list client CIDRs, never 0.0.0.0/0 or ::/0, in loadBalancerSourceRanges).",
  types: typesOf(["core/v1"], ["Service"]),
  configSchema: {
    properties: {
      internalAnnotations: {
        type: "object",
        default: {
          "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
          "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
          "networking.gke.io/load-balancer-type": "Internal",
        },
        description: "Annotation → value pairs, any of which marks a LoadBalancer Service as internal.",
      },
    },
  },
  check: (svc, { config, partial }) => {
    const type = at(svc, "spec", "type");
    // A patch may not repeat the type; an explicit internet-facing scheme in it is still a finding.
    if (type !== "LoadBalancer" && !partial) return;
    if (type !== undefined && type !== "LoadBalancer") return;
    const scheme = metaValue(svc, "annotations", SCHEME_ANNOTATION);
    if (scheme === UNSEEN) return;
    let internal: boolean | typeof UNSEEN = false;
    if (scheme !== undefined) {
      // The controller's scheme annotation wins over the legacy internal one.
      internal = scheme === "internal";
    } else {
      for (const [key, want] of Object.entries(asObject(config.internalAnnotations) ?? {})) {
        const v = metaValue(svc, "annotations", key);
        if (v === UNSEEN) internal = UNSEEN;
        else if (v !== undefined && v === want) {
          internal = true;
          break;
        }
      }
    }
    if (internal !== false) return;
    if (partial && scheme !== "internet-facing") return;
    const out = [
      `Service is an internet-facing LoadBalancer: annotate ${SCHEME_ANNOTATION}: internal, or expose it ` +
        "through the ingress tier.",
    ];
    const ranges = [
      ...asArray(at(svc, "spec", "loadBalancerSourceRanges")),
      ...(asString(metaValue(svc, "annotations", SOURCE_RANGES_ANNOTATION))?.split(",") ?? []),
    ]
      .map((r) => asString(r)?.trim())
      .filter((r): r is string => r !== undefined);
    const open = ranges.filter((r) => WORLD.has(r));
    if (open.length > 0)
      out.push(
        `Service allows ${[...new Set(open)].join(", ")} in its load balancer source ranges: list the client CIDRs.`,
      );
    return out;
  },
});
