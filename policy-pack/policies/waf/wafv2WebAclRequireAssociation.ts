import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";
import { seen } from "../../lib/unknown";
import { WEB_ACL, WEB_ACL_ASSOCIATION } from "../../lib/waf";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

/**
 * A web ACL protects nothing until it is associated: a regional ACL through a WebAclAssociation (ALB, API
 * Gateway stage, AppSync, Cognito...), a CLOUDFRONT-scope ACL through a distribution's `webAclId`. An ACL
 * whose association cannot be seen (an unknown target) is not judged. Advisory by default; prod makes it
 * mandatory (an ALB without a web ACL is aws-lb-loadbalancer-require-waf-rate-limit).
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html
 */
export const wafv2WebAclRequireAssociation = stackPolicy({
  name: "aws-wafv2-webacl-require-association",
  description:
    "WAFv2 web ACLs should be associated with what they protect, in the same stack (a WebAclAssociation, " +
    "or a CloudFront distribution's webAclId): a stray ACL is usually one whose association was dropped, " +
    "so the managed rules and rate limits reviewers see in code filter no traffic at all.",
  enforcementLevel: "advisory",
  types: [WEB_ACL, WEB_ACL_ASSOCIATION, DISTRIBUTION],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const associations = ctx.ofType(WEB_ACL_ASSOCIATION);
    const distributions = ctx.ofType(DISTRIBUTION);
    for (const acl of ctx.ofType(WEB_ACL)) {
      const byAssoc = attachedTo(acl, associations, "webAclArn", ["arn", "id"]);
      const byDist = attachedTo(acl, distributions, "webAclId", ["arn", "id"]);
      if (byAssoc.attached.length > 0 || byDist.attached.length > 0) continue;
      if (byAssoc.unseen || byDist.unseen) continue;
      const scope = seen(() => ("scope" in acl.props ? acl.props.scope : undefined));
      out.push({
        urn: acl.urn,
        message:
          scope === "CLOUDFRONT"
            ? `Web ACL "${acl.name}" is not attached to any CloudFront distribution: set the distribution's webAclId to its ARN.`
            : `Web ACL "${acl.name}" is not associated with any resource: add an aws.wafv2.WebAclAssociation for the load balancer it protects.`,
      });
    }
    return out;
  },
});
