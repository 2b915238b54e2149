import { resourcePolicy } from "../../lib/policy";

/**
 * `findingPublishingFrequency` is how often updates of existing findings reach EventBridge (new findings
 * go out within about five minutes either way); unset means SIX_HOURS.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_cloudwatch.html#guardduty_findings_cloudwatch_notification_frequency
 */
export const guarddutyDetectorRequireFrequentPublishing = resourcePolicy({
  name: "aws-guardduty-detector-require-frequent-publishing",
  description:
    "GuardDuty detectors should publish finding updates every 15 minutes or hour, not every six hours (the " +
    "default): a repeating attack's updates then reach the alert topic and the SIEM while it is going on.",
  // No catalog checks the publishing frequency: GuardDuty.1 (GuardDuty on and delivering findings) is the closest general control.
  catalog: ["FSBP GuardDuty.1"],
  remediation: 'Set findingPublishingFrequency to "FIFTEEN_MINUTES" (or "ONE_HOUR").',
  enforcementLevel: "advisory",
  types: ["aws:guardduty/detector:Detector"],
  check: (props) => {
    const v = "findingPublishingFrequency" in props ? props.findingPublishingFrequency : undefined;
    if (v === undefined || v === null || v === "" || v === "SIX_HOURS")
      return 'GuardDuty publishes finding updates every six hours: set findingPublishingFrequency: "FIFTEEN_MINUTES".';
  },
});
