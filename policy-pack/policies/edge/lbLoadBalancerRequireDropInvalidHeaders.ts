import { resourcePolicy } from "../../lib/policy";
import { lbKind, lbLabel, LB_TYPES } from "../../lib/elb";

/**
 * `routing.http.drop_invalid_header_fields.enabled` is off by default: header names that are not valid
 * HTTP tokens are forwarded to the targets. Security Hub control ELB.4, Checkov CKV_AWS_131, Trivy
 * AVD-AWS-0052 (all three application load balancers only, as here).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4
 */
export const lbLoadBalancerRequireDropInvalidHeaders = resourcePolicy({
  name: "aws-lb-loadbalancer-require-drop-invalid-headers",
  description:
    "Application Load Balancers must drop invalid header fields (dropInvalidHeaderFields true, " +
    "Security Hub ELB.4): by default the load balancer forwards header fields whose names are not " +
    "valid HTTP, which back ends may parse differently (request smuggling, header injection into the " +
    "mesh gateway and the model servers).",
  catalog: ["CKV_AWS_131", "AVD-AWS-0052", "FSBP ELB.4"],
  remediation: "Set dropInvalidHeaderFields to true.",
  types: LB_TYPES,
  check: (props, { name }) => {
    if (lbKind(props) !== "application") return;
    const value = "dropInvalidHeaderFields" in props ? props.dropInvalidHeaderFields : undefined;
    if (value !== true)
      return `${lbLabel(name)} does not drop invalid header fields: set dropInvalidHeaderFields: true.`;
  },
});
