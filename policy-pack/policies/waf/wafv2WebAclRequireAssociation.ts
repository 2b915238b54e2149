import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";
import { seen } from "../../lib/unknown";
import {
  CLASSIC_WEB_ACL,
  REGIONAL_WEB_ACL,
  REGIONAL_WEB_ACL_ASSOCIATION,
  WEB_ACL,
  WEB_ACL_ASSOCIATION,
} from "../../lib/waf";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

/**
 * A web ACL protects nothing until it is associated: a regional ACL through a WebAclAssociation (ALB, API
 * Gateway stage, AppSync, Cognito...), a CLOUDFRONT-scope ACL through a distribution's `webAclId`. WAF
 * Classic ACLs likewise: a regional one through a `wafregional` WebAclAssociation (`webAclId`), a global
 * one through a distribution's `webAclId` (its id). An ACL whose association cannot be seen (an unknown
 * target) is not judged. Advisory by default; prod makes it mandatory (an ALB without a web ACL is
 * aws-lb-loadbalancer-require-waf-rate-limit).
 * No catalog checks an ACL for a target; the closest controls check the targets for an ACL: Checkov
 * CKV2_AWS_28 and Security Hub ELB.16 (a public ALB has a web ACL), Checkov CKV_AWS_68 (a CloudFront
 * distribution has one).
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html
 */
export const wafv2WebAclRequireAssociation = stackPolicy({
  name: "aws-wafv2-webacl-require-association",
  description:
    "WAFv2 web ACLs should be associated with what they protect, in the same stack (a WebAclAssociation, " +
    "or a CloudFront distribution's webAclId): a stray ACL is usually one whose association was dropped, " +
    "so the managed rules and rate limits reviewers see in code filter no traffic at all.",
  catalog: ["CKV2_AWS_28", "CKV_AWS_68", "FSBP ELB.16"],
  remediation:
    "Add an aws.wafv2.WebAclAssociation with webAclArn set to the ACL and resourceArn to the load balancer (CLOUDFRONT scope: set the distribution's webAclId).",
  enforcementLevel: "advisory",
  types: [
    WEB_ACL,
    WEB_ACL_ASSOCIATION,
    DISTRIBUTION,
    REGIONAL_WEB_ACL,
    REGIONAL_WEB_ACL_ASSOCIATION,
    CLASSIC_WEB_ACL,
  ],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const distributions = ctx.ofType(DISTRIBUTION);
    const kinds: [string, string, string, readonly string[]][] = [
      [WEB_ACL, WEB_ACL_ASSOCIATION, "webAclArn", ["arn", "id"]],
      [REGIONAL_WEB_ACL, REGIONAL_WEB_ACL_ASSOCIATION, "webAclId", ["id", "arn"]],
      [CLASSIC_WEB_ACL, "", "", []],
    ];
    for (const [aclType, assocType, prop, ids] of kinds) {
      const associations = assocType ? ctx.ofType(assocType) : [];
      for (const acl of ctx.ofType(aclType)) {
        const byAssoc = assocType
          ? attachedTo(acl, associations, prop, ids)
          : { attached: [], unseen: false };
        const byDist = attachedTo(acl, distributions, "webAclId", ["arn", "id"]);
        if (byAssoc.attached.length > 0 || byDist.attached.length > 0) continue;
        if (byAssoc.unseen || byDist.unseen) continue;
        const global =
          aclType === CLASSIC_WEB_ACL ||
          seen(() => ("scope" in acl.props ? acl.props.scope : undefined)) === "CLOUDFRONT";
        out.push({
          urn: acl.urn,
          message: global
            ? `Web ACL "${acl.name}" is not attached to any CloudFront distribution: set the distribution's webAclId to its ${aclType === WEB_ACL ? "ARN" : "id"}.`
            : aclType === WEB_ACL
              ? `Web ACL "${acl.name}" is not associated with any resource: add an aws.wafv2.WebAclAssociation for the load balancer it protects.`
              : `Web ACL "${acl.name}" is not associated with any resource: add an aws.wafregional.WebAclAssociation for the load balancer it protects.`,
        });
      }
    }
    return out;
  },
});
