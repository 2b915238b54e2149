import { resourcePolicy } from "../../lib/policy";
import { asArray, at, hasUnknown, plain } from "../../lib/values";

/**
 * A selection names what a plan backs up: resource ARNs (`resources`, `*` for every resource), narrowed by
 * tags (`selectionTags`, or `conditions`). One that names no resource and no tag selects nothing: the plan
 * runs, reports no failure, and nothing is backed up.
 * Catalog: Checkov's CKV2_AWS_8/9/18 and FSBP RDS.26 want resources covered by a backup plan; a
 * selection that selects nothing leaves them uncovered while looking configured.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
export const backupSelectionRequireScope = resourcePolicy({
  name: "aws-backup-selection-require-scope",
  description:
    "Backup selections must select something, by tag (selectionTags or conditions) or by resource: a " +
    "selection that names neither backs up nothing while its plan reports success.",
  catalog: ["CKV2_AWS_8", "CKV2_AWS_9", "CKV2_AWS_18", "FSBP RDS.26"],
  remediation:
    "Set resources (ARNs) or selectionTags/conditions on the Backup selection so it selects the resources to back up.",
  types: ["aws:backup/selection:Selection"],
  check: (props) => {
    const p = plain(props);
    const resources = at(p, "resources");
    const tags = at(p, "selectionTags");
    const conditions = at(p, "conditions");
    if ([resources, tags, conditions].some(hasUnknown)) return;
    const conditionCount = asArray(conditions).reduce(
      (n: number, c: unknown) =>
        n +
        ["stringEquals", "stringLikes", "stringNotEquals", "stringNotLikes"].reduce(
          (m, k) => m + asArray(at(c, k)).length,
          0,
        ),
      0,
    );
    if (asArray(resources).length === 0 && asArray(tags).length === 0 && conditionCount === 0)
      return "Backup selection selects nothing (no resources, no selectionTags, no conditions): set resources, and select by the tag rampart:backup-class.";
  },
});
