import { resourcePolicy } from "../../lib/policy";
import { lbLabel, LB_TYPES } from "../../lib/elb";

/**
 * Deletion protection is off by default. Security Hub control ELB.6 (application, gateway and network
 * load balancers); Checkov CKV_AWS_150. Advisory by default (a dev stack must be able to tear down); prod makes it mandatory.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-6
 */
export const lbLoadBalancerRequireDeletionProtection = resourcePolicy({
  name: "aws-lb-loadbalancer-require-deletion-protection",
  description:
    "Load balancers should enable deletion protection (enableDeletionProtection true, Security Hub " +
    "ELB.6): deleting the public load balancer takes the service offline and frees its DNS name, and " +
    "a mistaken destroy or replacement should need a deliberate second step.",
  enforcementLevel: "advisory",
  catalog: ["CKV_AWS_150", "FSBP ELB.6"],
  remediation: "Set enableDeletionProtection to true.",
  types: LB_TYPES,
  check: (props, { name }) => {
    const value = "enableDeletionProtection" in props ? props.enableDeletionProtection : undefined;
    if (value !== true)
      return `${lbLabel(name)} has deletion protection off: set enableDeletionProtection: true.`;
  },
});
