import { resourcePolicy } from "../../lib/policy";
import { asArray, asNumber, at, plain } from "../../lib/values";
import { UNSEEN } from "../../lib/unknown";

/**
 * A rule without `lifecycle.deleteAfter` keeps its recovery points forever: backups of personal data
 * outlive the data's retention, and cost grows without bound.
 * No catalog checks plan expiry itself; the closest are Security Hub's backup-plan coverage controls
 * (FSBP RDS.26, EFS.2), whose plans this keeps bounded.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
 */
export const backupPlanRequireExpiry = resourcePolicy({
  name: "aws-backup-plan-require-expiry",
  description:
    "Every rule of a Backup plan must expire its recovery points (lifecycle.deleteAfter): without expiry, " +
    "backups of personal data are kept forever, past the retention the data class allows.",
  catalog: ["FSBP RDS.26", "FSBP EFS.2"],
  remediation: "Set lifecycle.deleteAfter (days) on every rule of the Backup plan.",
  types: ["aws:backup/plan:Plan"],
  check: (props) => {
    if (!("rules" in props)) return;
    const rules = plain(props.rules);
    const out: string[] = [];
    asArray(rules).forEach((rule, i) => {
      const deleteAfter = at(rule, "lifecycle", "deleteAfter");
      if (deleteAfter === UNSEEN) return;
      if (asNumber(deleteAfter) === undefined) {
        const name = typeof at(rule, "ruleName") === "string" ? `"${at(rule, "ruleName")}"` : `#${i}`;
        out.push(
          `Backup plan rule ${name} never expires its recovery points: set lifecycle.deleteAfter to the class's retention in days.`,
        );
      }
    });
    return out;
  },
});
