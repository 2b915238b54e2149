import { DETECTOR } from "../../lib/guardduty";
import { stackPolicy } from "../../lib/policy";
import { TRAIL_TYPES } from "../../lib/trails";

const ACCOUNT = "aws:securityhub/account:Account";

/**
 * Judged only on a stack that builds security monitoring (a GuardDuty detector or a trail): that stack is
 * the one that owns the account's detection, so it must also enable Security Hub.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html
 */
export const securityhubAccountRequireEnabled = stackPolicy({
  name: "aws-securityhub-account-require-enabled",
  description:
    "A stack that builds GuardDuty or CloudTrail must also enable Security Hub: it is where GuardDuty, Config " +
    "and the FSBP/CIS controls' findings meet, are scored and are routed, instead of staying in separate " +
    "consoles nobody watches.",
  // No verified catalog check covers enabling Security Hub; its controls run as AWS Config rules, so Config.1 (configuration recorded and evaluated) is the closest general control.
  catalog: ["FSBP Config.1"],
  remediation: "Add an aws.securityhub.Account to the stack that builds the detectors and trails.",
  types: [DETECTOR, ...TRAIL_TYPES, ACCOUNT],
  check: (_resources, ctx) => {
    if (ctx.ofType(ACCOUNT).length > 0) return [];
    const first = [...ctx.ofType(DETECTOR), ...ctx.ofType(...TRAIL_TYPES)][0];
    if (!first) return [];
    return [
      {
        urn: first.urn,
        message:
          "The stack builds security monitoring but does not enable Security Hub: add an " +
          "aws.securityhub.Account (with the FSBP and CIS standards).",
      },
    ];
  },
});
