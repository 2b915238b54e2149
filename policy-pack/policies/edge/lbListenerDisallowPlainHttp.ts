import { LISTENER_TYPES } from "../../lib/elb";
import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, lower } from "../../lib/values";

/**
 * An HTTP listener is fine only when every default action redirects to HTTPS. `protocol` unset (or "",
 * which the provider sends as unset) on an Application Load Balancer listener means HTTP. Matches every
 * alias of the listener type (`aws:lb`, `aws:alb`, `aws:applicationloadbalancing`,
 * `aws:elasticloadbalancingv2`). Checkov CKV_AWS_2 and Trivy AVD-AWS-0054 judge the same field and
 * redirect; Security Hub ELB.1 is the same rule evaluated on the load balancer.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1
 */
export const lbListenerDisallowPlainHttp = resourcePolicy({
  name: "aws-lb-listener-disallow-plain-http",
  description:
    "Load balancer listeners must not serve plain HTTP: prompts, completions and bearer tokens would cross " +
    "the internet in clear. An HTTP listener may only redirect to HTTPS.",
  catalog: ["CKV_AWS_2", "AVD-AWS-0054", "FSBP ELB.1"],
  remediation:
    'Set protocol to "HTTPS" with a certificateArn, or make every defaultActions entry a redirect with redirect.protocol "HTTPS".',
  types: LISTENER_TYPES,
  check: (props) => {
    const written = "protocol" in props ? lower(props.protocol) : undefined;
    const protocol = written === undefined || written === "" ? "http" : written;
    if (protocol !== "http") return;
    const actions = "defaultActions" in props ? asList(props.defaultActions) : [];
    const redirects =
      actions.length > 0 &&
      actions.every((a) => {
        const action = asObject(a);
        if (!action || lower(action.type) !== "redirect") return false;
        const redirect = asObject(action.redirect);
        return lower(redirect?.protocol) === "https";
      });
    if (!redirects)
      return 'Listener serves plain HTTP: use protocol "HTTPS", or make its default action a redirect to HTTPS.';
  },
});
