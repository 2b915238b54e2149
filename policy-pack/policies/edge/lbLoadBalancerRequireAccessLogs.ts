import { resourcePolicy } from "../../lib/policy";
import { CLASSIC_LB_TYPES, lbKind, lbLabel, LB_TYPES } from "../../lib/elb";
import { asObject, isSet } from "../../lib/values";

const CLASSIC = new Set(CLASSIC_LB_TYPES);

/**
 * Application Load Balancers log only when `accessLogs.enabled` is true (the provider's default is false,
 * even with a bucket). A Classic Load Balancer's `accessLogs` block is on unless it sets `enabled: false`
 * (that provider's default is true). Both need a bucket. Security Hub ELB.5 covers both kinds; Checkov
 * CKV_AWS_91 (ELBv2) and CKV_AWS_92 (classic) are the per-kind checks. Network load balancers (whose logs
 * cover TLS listeners only) are not judged. Every alias of both types is matched.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/elb/loadbalancer/#loadbalanceraccesslogs
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5
 */
export const lbLoadBalancerRequireAccessLogs = resourcePolicy({
  name: "aws-lb-loadbalancer-require-access-logs",
  description:
    "Application and Classic Load Balancers must write access logs (accessLogs with a bucket, enabled " +
    "true on an ALB, not false on a Classic one; Security Hub ELB.5): they are the only record of who called the public endpoint, from where and " +
    "with what result, including requests the WAF let through, and incident response needs them.",
  catalog: ["CKV_AWS_91", "CKV_AWS_92", "FSBP ELB.5"],
  remediation: "Set accessLogs to { enabled: true, bucket: <log bucket name> }.",
  types: [...LB_TYPES, ...CLASSIC_LB_TYPES],
  check: (props, { name, type }) => {
    const classic = CLASSIC.has(type);
    if (!classic && lbKind(props) !== "application") return;
    const logs = "accessLogs" in props ? asObject(props.accessLogs) : undefined;
    const enabled = classic ? logs !== undefined && logs.enabled !== false : logs?.enabled === true;
    if (!logs || !enabled)
      return `${lbLabel(name)} has access logs off: set accessLogs: { enabled: true, bucket: <log bucket> }.`;
    if (!isSet(logs.bucket) || (typeof logs.bucket === "string" && logs.bucket.trim() === ""))
      return `${lbLabel(name)} enables access logs without a bucket: set accessLogs.bucket.`;
  },
});
