import type { PolicyResource } from "@pulumi/policy";
import { LISTENER_RULE_TYPES, LISTENER_TYPES } from "../../lib/elb";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { asList, asObject, lower } from "../../lib/values";

const LISTENERS = LISTENER_TYPES;
const RULES = LISTENER_RULE_TYPES;

/** Every action redirects to HTTPS. */
function redirectsOnly(actions: unknown[]): boolean {
  return (
    actions.length > 0 &&
    actions.every((a) => {
      const action = asObject(a);
      return lower(action?.type) === "redirect" && lower(asObject(action?.redirect)?.protocol) === "https";
    })
  );
}

/** The listener's protocol as it takes effect (unset is HTTP, as aws-lb-listener-disallow-plain-http reads it). */
function protocolOf(listener: PolicyResource): string | undefined | typeof UNSEEN {
  return seen(() => {
    const written = "protocol" in listener.props ? lower(listener.props.protocol) : undefined;
    return written === undefined || written === "" ? "http" : written;
  });
}

/**
 * aws-lb-listener-disallow-plain-http lets an HTTP listener stand when its default action redirects to
 * HTTPS; a listener rule on that listener (matched by path, host or header) can still forward or answer
 * in clear for the requests it matches. Rules are separate resources naming the listener (`listenerArn`),
 * hence a stack policy. A rule whose listener or actions cannot be seen is not judged. Every alias of the
 * listener and rule types is matched. Catalog: Security Hub ELB.1 (all HTTP requests redirected), and
 * Checkov CKV_AWS_2 / Trivy AVD-AWS-0054, the listener-level checks this extends to rules.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1
 */
export const lbListenerRuleDisallowPlainHttp = stackPolicy({
  name: "aws-lb-listenerrule-disallow-plain-http",
  description:
    "Listener rules on a plain-HTTP load balancer listener may only redirect to HTTPS (Security Hub ELB.1): " +
    "a forward or fixed-response rule there serves the requests it matches in clear, behind a listener " +
    "whose default redirect makes it look safe.",
  catalog: ["FSBP ELB.1", "CKV_AWS_2", "AVD-AWS-0054"],
  remediation:
    'Attach the rule to the HTTPS listener, or make each of its actions a redirect with redirect.protocol "HTTPS".',
  types: [...LISTENERS, ...RULES],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const listeners = ctx.ofType(...LISTENERS);
    for (const rule of ctx.ofType(...RULES)) {
      const owners = listeners.filter((l) => refersTo(rule, "listenerArn", l, ["arn", "id"]) === true);
      const protocols = owners.map(protocolOf);
      if (!protocols.includes("http")) continue;
      const actions = seen(() => ("actions" in rule.props ? asList(rule.props.actions) : []));
      if (actions === UNSEEN) continue;
      const ok = seen(() => redirectsOnly(actions));
      if (ok === UNSEEN || ok) continue;
      out.push({
        urn: rule.urn,
        message: `Listener rule "${rule.name}" on a plain-HTTP listener does not redirect to HTTPS: attach it to the HTTPS listener, or make its action a redirect with protocol "HTTPS".`,
      });
    }
    return out;
  },
});
