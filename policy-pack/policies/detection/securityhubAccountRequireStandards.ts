import { stackPolicy, type StackViolation } from "../../lib/policy";
import { UNSEEN } from "../../lib/unknown";
import { at, plain } from "../../lib/values";

const ACCOUNT = "aws:securityhub/account:Account";
const SUBSCRIPTION = "aws:securityhub/standardsSubscription:StandardsSubscription";

/** Standards by the path segment of their ARN (`arn:aws:securityhub:<region>::standards/<segment>/v/<version>`). */
const REQUIRED = [
  { segment: "aws-foundational-security-best-practices", label: "AWS Foundational Security Best Practices" },
  { segment: "cis-aws-foundations-benchmark", label: "CIS AWS Foundations Benchmark" },
];

/**
 * `enableDefaultStandards` (default true) subscribes the account to FSBP and CIS 1.2.0 when Security Hub is
 * enabled; with it off, each standard needs a StandardsSubscription (also the way to a newer CIS version).
 * The standards are matched by the name segment of the ARN (any version, any partition, `ruleset/` for
 * CIS 1.2.0 included). Subscription ARNs unknown during preview are not judged.
 * @see https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
 */
export const securityhubAccountRequireStandards = stackPolicy({
  name: "aws-securityhub-account-require-standards",
  description:
    "Security Hub must run the AWS Foundational Security Best Practices and CIS AWS Foundations standards, " +
    "by default or by StandardsSubscription: without a standard, Security Hub only collects findings and " +
    "checks none of the account's configuration.",
  // No verified catalog check covers Security Hub standards; the standards' controls are AWS Config rules, so Config.1 is the closest general control.
  catalog: ["FSBP Config.1"],
  remediation:
    "Leave enableDefaultStandards unset or true, or add a StandardsSubscription for each of aws-foundational-security-best-practices and cis-aws-foundations-benchmark.",
  types: [ACCOUNT, SUBSCRIPTION],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const arns: string[] = [];
    for (const s of ctx.ofType(SUBSCRIPTION)) {
      const arn = at(plain(s.props), "standardsArn");
      if (arn === UNSEEN) return [];
      if (typeof arn === "string") arns.push(arn);
    }
    for (const account of ctx.ofType(ACCOUNT)) {
      const defaults = at(plain(account.props), "enableDefaultStandards");
      if (defaults === UNSEEN || defaults !== false) continue;
      const missing = REQUIRED.filter((r) => !arns.some((a) => a.includes(`/${r.segment}/`)));
      if (missing.length === 0) continue;
      out.push({
        urn: account.urn,
        message:
          `Security Hub runs without ${missing.map((m) => m.label).join(" and ")}: add a StandardsSubscription ` +
          `for each (or leave enableDefaultStandards on).`,
      });
    }
    return out;
  },
});
