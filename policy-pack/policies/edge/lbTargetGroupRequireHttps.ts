import { resourcePolicy } from "../../lib/policy";
import { TARGET_GROUP_TYPES } from "../../lib/elb";
import { lower } from "../../lib/values";

/**
 * Between the load balancer and its targets, `protocol: "HTTP"` sends prompts and bearer tokens in clear
 * across the VPC. Lambda targets take no protocol and are not judged; TCP/UDP/TLS target groups belong to
 * network load balancers. Advisory by default (the VPC is private); prod makes it mandatory. Checkov
 * CKV_AWS_378 is the same check on the target group's protocol. Every alias of the target group type.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-group-routing-configuration
 */
export const lbTargetGroupRequireHttps = resourcePolicy({
  name: "aws-lb-targetgroup-require-https",
  description:
    "Load balancer target groups should use protocol HTTPS, not HTTP: the ALB decrypts the client's TLS, " +
    "so an HTTP target group carries prompts, completions and Authorization headers in clear inside the " +
    "VPC, readable by anything that can mirror or sniff the path to the gateway nodes.",
  enforcementLevel: "advisory",
  catalog: ["CKV_AWS_378"],
  remediation: 'Set protocol to "HTTPS" (with the targets serving TLS) instead of "HTTP".',
  types: TARGET_GROUP_TYPES,
  check: (props, { name }) => {
    if ("targetType" in props && lower(props.targetType) === "lambda") return;
    const protocol = "protocol" in props ? lower(props.protocol) : undefined;
    if (protocol === "http")
      return `Target group "${name}" forwards over plain HTTP: set protocol: "HTTPS" (the targets serve TLS).`;
  },
});
