import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo, refersTo } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { asList, asObject, lower } from "../../lib/values";
import { isInternetFacing, LB_TYPES } from "./lbLoadBalancerRequireIngressTier";

import {
  REGIONAL_WEB_ACL,
  REGIONAL_WEB_ACL_ASSOCIATION,
  WEB_ACL,
  WEB_ACL_ASSOCIATION as ASSOCIATION,
  WEB_ACL_RULE,
} from "../../lib/waf";

/**
 * Whether a web ACL has a top-level rate-based rule, in `rules` or in the `ruleJson` string; or, for a
 * separate WebAclRule resource, whether its own `statement` is rate-based.
 */
function hasRateRule(acl: PolicyResource): boolean | typeof UNSEEN {
  return seen(() => {
    const p = acl.props;
    if (acl.type === REGIONAL_WEB_ACL)
      // WAF Classic: a rate-based rule is its own resource, listed in the ACL with type RATE_BASED.
      return "rules" in p && asList(p.rules).some((r) => lower(asObject(r)?.type) === "rate_based");
    if (acl.type === WEB_ACL_RULE) {
      const statement = "statement" in p ? asObject(p.statement) : undefined;
      return statement !== undefined && "rateBasedStatement" in statement && !!statement.rateBasedStatement;
    }
    const inRules =
      "rules" in p &&
      asList(p.rules).some((r) => {
        const statement = asObject(asObject(r)?.statement);
        return statement !== undefined && "rateBasedStatement" in statement && !!statement.rateBasedStatement;
      });
    if (inRules) return true;
    if (!("ruleJson" in p) || typeof p.ruleJson !== "string") return false;
    try {
      return asList(JSON.parse(p.ruleJson)).some(
        (r) => !!asObject(asObject(r)?.Statement)?.RateBasedStatement,
      );
    } catch {
      return false;
    }
  });
}

/**
 * Only Application Load Balancers can take a WAF web ACL; network and gateway load balancers are skipped.
 * An association whose target or web ACL cannot be seen (unknown, or an ACL from outside the stack) is
 * given the benefit of the doubt. The web ACL may be WAFv2 (a WebAclAssociation naming it by `webAclArn`)
 * or WAF Classic regional (a wafregional WebAclAssociation naming it by `webAclId`, whose `rules` list a
 * RATE_BASED rule). Checkov CKV2_AWS_28 and Security Hub ELB.16 require the association; the rate-based
 * rule inside it is Rampart's own requirement (no catalog checks it).
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-16
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
 */
export const lbLoadBalancerRequireWafRateLimit = stackPolicy({
  name: "aws-lb-loadbalancer-require-waf-rate-limit",
  description:
    "Internet-facing Application Load Balancers must have a WAFv2 web ACL associated that contains a " +
    "rate-based rule (inline, or a separate WebAclRule naming the ACL): inference is expensive (GPU time), and an unthrottled public endpoint can be abused " +
    "or knocked over by a single client.",
  catalog: ["CKV2_AWS_28", "FSBP ELB.16"],
  remediation:
    "Associate a WAFv2 web ACL (aws.wafv2.WebAclAssociation with resourceArn set to the load balancer) whose rules include a rateBasedStatement.",
  types: [...LB_TYPES, ASSOCIATION, WEB_ACL, WEB_ACL_RULE, REGIONAL_WEB_ACL_ASSOCIATION, REGIONAL_WEB_ACL],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const associations = ctx.ofType(ASSOCIATION, REGIONAL_WEB_ACL_ASSOCIATION);
    const acls = ctx.ofType(WEB_ACL, REGIONAL_WEB_ACL);
    const separateRules = ctx.ofType(WEB_ACL_RULE);
    for (const lb of ctx.ofType(...LB_TYPES)) {
      if (isInternetFacing(lb) !== true) continue;
      const kind = seen(() =>
        "loadBalancerType" in lb.props ? lower(lb.props.loadBalancerType) : "application",
      );
      if (kind !== "application") continue;
      const { attached, unseen } = attachedTo(lb, associations, "resourceArn", ["arn", "id"]);
      if (unseen) continue;
      if (attached.length === 0) {
        out.push({
          urn: lb.urn,
          message: `Internet-facing load balancer "${lb.name}" has no WAF web ACL: associate one with a rate-based rule (aws.wafv2.WebAclAssociation).`,
        });
        continue;
      }
      const verdicts = attached.map((assoc) => {
        const aclProp = assoc.type === REGIONAL_WEB_ACL_ASSOCIATION ? "webAclId" : "webAclArn";
        const acl = acls.filter((a) => refersTo(assoc, aclProp, a, ["arn", "id"]) === true);
        if (acl.length === 0) return UNSEEN; // an ACL we cannot see
        const rated = acl.map((a) => {
          const inline = hasRateRule(a);
          if (inline === true) return true;
          // A rate-based rule may also be its own aws.wafv2.WebAclRule naming the ACL.
          const separate = separateRules.map((r) =>
            refersTo(r, "webAclArn", a, ["arn", "id"]) === true ? hasRateRule(r) : false,
          );
          return separate.includes(true)
            ? true
            : inline === UNSEEN || separate.includes(UNSEEN)
              ? UNSEEN
              : false;
        });
        return rated.includes(true) ? true : rated.includes(UNSEEN) ? UNSEEN : false;
      });
      if (verdicts.every((v) => v === false))
        out.push({
          urn: lb.urn,
          message: `The WAF web ACL of load balancer "${lb.name}" has no rate-based rule: add a rule with a rateBasedStatement.`,
        });
    }
    return out;
  },
});
