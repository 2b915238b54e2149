import { resourcePolicy } from "../../lib/policy";
import { asArray, asNumber, at, plain } from "../../lib/values";
import { UNSEEN } from "../../lib/unknown";

/**
 * A copy action without `lifecycle.deleteAfter` keeps the copy (often in another Region or account) for as
 * long as the destination vault lets it, regardless of the source's expiry.
 * No catalog checks copy expiry itself; the closest are Security Hub's backup-plan coverage controls
 * (FSBP RDS.26, EFS.2), whose plans this keeps bounded.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CopyAction.html
 */
export const backupPlanRequireCopyExpiry = resourcePolicy({
  name: "aws-backup-plan-require-copy-expiry",
  description:
    "Every copy action of a Backup plan rule must expire its copies (lifecycle.deleteAfter): copies in a " +
    "second Region or account otherwise outlive the retention of the data they hold.",
  catalog: ["FSBP RDS.26", "FSBP EFS.2"],
  remediation: "Set lifecycle.deleteAfter on every copyActions entry of every plan rule.",
  types: ["aws:backup/plan:Plan"],
  check: (props) => {
    if (!("rules" in props)) return;
    const out: string[] = [];
    asArray(plain(props.rules)).forEach((rule, i) => {
      const name = typeof at(rule, "ruleName") === "string" ? `"${at(rule, "ruleName")}"` : `#${i}`;
      asArray(at(rule, "copyActions")).forEach((copy, j) => {
        const deleteAfter = at(copy, "lifecycle", "deleteAfter");
        if (deleteAfter === UNSEEN) return;
        if (asNumber(deleteAfter) === undefined)
          out.push(
            `Backup plan rule ${name} copy action #${j} never expires its copies: set its lifecycle.deleteAfter (the rule's retention).`,
          );
      });
    });
    return out;
  },
});
