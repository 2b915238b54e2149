import { isAllow, isWildcardPrincipal, parsePolicyDocument, statementLabel } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";

/**
 * `Principal: "*"` or `{ AWS: "*" }` without a condition lets any AWS account assume the role.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
 */
export const iamRoleDisallowOpenTrust = resourcePolicy({
  name: "aws-iam-role-disallow-open-trust",
  description:
    'Role trust policies must not let any principal ("*") assume the role without a condition: anyone ' +
    "with an AWS account could take the role's permissions.",
  types: ["aws:iam/role:Role"],
  check: (props) => {
    if (!("assumeRolePolicy" in props)) return;
    return (parsePolicyDocument(props.assumeRolePolicy) ?? [])
      .filter((s) => isAllow(s) && isWildcardPrincipal(s.principal) && !s.hasCondition)
      .map(
        (s) =>
          `Trust policy ${statementLabel(s)} lets any principal ("*") assume the role: name the trusted principals, or add a condition.`,
      );
  },
});
