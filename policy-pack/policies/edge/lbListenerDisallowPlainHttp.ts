import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, lower } from "../../lib/values";

/**
 * An HTTP listener is fine only when every default action redirects to HTTPS. `protocol` unset on an
 * Application Load Balancer listener means HTTP.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html
 */
export const lbListenerDisallowPlainHttp = resourcePolicy({
  name: "aws-lb-listener-disallow-plain-http",
  description:
    "Load balancer listeners must not serve plain HTTP: prompts, completions and bearer tokens would cross " +
    "the internet in clear. An HTTP listener may only redirect to HTTPS.",
  types: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  check: (props) => {
    const protocol = "protocol" in props ? lower(props.protocol) : "http";
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
