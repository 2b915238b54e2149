import { explicitlyOff } from "../../lib/guardduty";
import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html */
export const guarddutyDetectorRequireEnabled = resourcePolicy({
  name: "aws-guardduty-detector-require-enabled",
  description:
    "GuardDuty detectors must be enabled: a suspended detector analyses nothing, so credential misuse, " +
    "crypto-mining on GPU nodes and exfiltration go unnoticed.",
  catalog: ["CKV_AWS_238", "FSBP GuardDuty.1"],
  remediation: "Set enable to true (or leave it unset: it defaults to true).",
  types: ["aws:guardduty/detector:Detector"],
  check: (props) => {
    if ("enable" in props && explicitlyOff(props.enable))
      return "GuardDuty detector is disabled: set enable: true.";
  },
});
