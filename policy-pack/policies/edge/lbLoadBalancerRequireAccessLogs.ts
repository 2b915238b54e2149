import { resourcePolicy } from "../../lib/policy";
import { lbKind, lbLabel, LB_TYPES } from "../../lib/elb";
import { asObject, isSet } from "../../lib/values";

/**
 * Access logs are off unless `accessLogs.enabled` is true (the provider's default is false, even with a
 * bucket). Security Hub control ELB.5.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5
 */
export const lbLoadBalancerRequireAccessLogs = resourcePolicy({
  name: "aws-lb-loadbalancer-require-access-logs",
  description:
    "Application Load Balancers must write access logs (accessLogs.enabled true with a bucket, " +
    "Security Hub ELB.5): they are the only record of who called the public endpoint, from where and " +
    "with what result, including requests the WAF let through, and incident response needs them.",
  types: LB_TYPES,
  check: (props, { name }) => {
    if (lbKind(props) !== "application") return;
    const logs = "accessLogs" in props ? asObject(props.accessLogs) : undefined;
    if (!logs || logs.enabled !== true)
      return `${lbLabel(name)} has access logs off: set accessLogs: { enabled: true, bucket: <log bucket> }.`;
    if (!isSet(logs.bucket) || (typeof logs.bucket === "string" && logs.bucket.trim() === ""))
      return `${lbLabel(name)} enables access logs without a bucket: set accessLogs.bucket.`;
  },
});
