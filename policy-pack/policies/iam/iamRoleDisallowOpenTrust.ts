import {
  isAllow,
  isMalformedDocument,
  isWildcardPrincipal,
  parsePolicyDocument,
  restrictsPrincipal,
  statementLabel,
} from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";

/**
 * `Principal: "*"` or `{ AWS: "*" }` lets any AWS account assume the role unless the condition narrows the
 * caller to an organization, account, principal or network (`restrictsPrincipal`: aws:PrincipalOrgID,
 * aws:PrincipalAccount, aws:PrincipalArn, aws:SourceVpce...). A condition on anything else
 * (`sts:ExternalId`, `aws:SecureTransport`, a negated or `...IfExists` operator) still admits every
 * account that meets it. `Allow` with `NotPrincipal` trusts everyone but the listed principals.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export const iamRoleDisallowOpenTrust = resourcePolicy({
  name: "aws-iam-role-disallow-open-trust",
  description:
    'Role trust policies must not let any principal ("*") assume the role unless a condition restricts the ' +
    "caller (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceVpce...), nor Allow " +
    "with NotPrincipal: anyone with an AWS account could take the role's permissions (Checkov CKV_AWS_60 / " +
    "CKV_AWS_61). Remedy: name the trusted principals, or add a condition on " +
    "aws:PrincipalOrgID or aws:PrincipalArn.",
  catalog: ["CKV_AWS_60"],
  remediation:
    'Name the trusted principals in assumeRolePolicy, or add a StringEquals condition on aws:PrincipalOrgID or aws:PrincipalArn to a Principal "*" statement.',
  types: ["aws:iam/role:Role"],
  check: (props) => {
    if (!("assumeRolePolicy" in props)) return;
    if (isMalformedDocument(props.assumeRolePolicy))
      return "assumeRolePolicy is not valid JSON: fix it so its statements can be checked (AWS refuses it as it is).";
    return (parsePolicyDocument(props.assumeRolePolicy) ?? []).filter(isAllow).flatMap((s) => {
      if (s.notPrincipal !== undefined)
        return [
          `Trust policy ${statementLabel(s)} uses NotPrincipal with Allow: every principal but those listed may assume the role; name the trusted principals instead.`,
        ];
      if (!isWildcardPrincipal(s.principal)) return [];
      if (!s.hasCondition)
        return [
          `Trust policy ${statementLabel(s)} lets any principal ("*") assume the role: name the trusted principals, or add a condition.`,
        ];
      if (restrictsPrincipal(s.condition)) return [];
      return [
        `Trust policy ${statementLabel(s)} lets any principal ("*") assume the role with a condition that does not restrict the caller: ` +
          "add aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn (StringEquals), or name the trusted principals.",
      ];
    });
  },
});
