import { type ArgProblem, Problems } from "../shared/problems";
import { tagArgProblems } from "../shared/rules";
import { BACKUP_CLASSES, type BackupClass, type RecoveryArgs } from "./recovery.args";
import { LOCK_BOUNDS, scheduleProblem, VAULT_ARN } from "./recovery.logic";

/** `<project>-<stack>` as the vault, role and group names take it (AWS Backup vault names: 2-50 of [A-Za-z0-9_.-]). */
const NAME_PREFIX = /^[a-z0-9][a-z0-9-]{0,40}$/;

/**
 * Every problem with the arguments (field, value, fix); empty when valid: at least one plan, schedules
 * AWS Backup takes, retentions within the vault lock's bounds (AWS fails every job outside them), a
 * well-formed lock (min ≤ max, compliance mode's grace period of at least 3 days), copy vault ARNs.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export function validateRecoveryArgs(args: Omit<RecoveryArgs, "kubeProvider">): ArgProblem[] {
  const p = new Problems();
  if (typeof args.namePrefix !== "string" || !NAME_PREFIX.test(args.namePrefix))
    p.at(
      ["namePrefix"],
      args.namePrefix,
      'is not a name prefix (expected "<project>-<stack>": up to 41 of a-z, 0-9 and -, e.g. "rampart-prod")',
    );

  const lock = args.vaultLock;
  const { minRetentionDays: LO, maxRetentionDays: HI } = LOCK_BOUNDS;
  const days = (v: unknown, lo: number, hi: number) =>
    typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
  if (lock !== undefined) {
    if (lock.mode !== "governance" && lock.mode !== "compliance")
      p.at(
        ["vaultLock", "mode"],
        lock.mode,
        'is not a vault lock mode (expected "governance" or "compliance")',
      );
    if (!days(lock.minRetentionDays, LO, HI))
      p.at(
        ["vaultLock", "minRetentionDays"],
        lock.minRetentionDays,
        `is outside AWS's range (expected whole days from ${LO} to ${HI})`,
      );
    if (!days(lock.maxRetentionDays, LO, HI))
      p.at(
        ["vaultLock", "maxRetentionDays"],
        lock.maxRetentionDays,
        `is outside AWS's range (expected whole days from ${LO} to ${HI})`,
      );
    if (
      typeof lock.minRetentionDays === "number" &&
      typeof lock.maxRetentionDays === "number" &&
      lock.minRetentionDays > lock.maxRetentionDays
    )
      p.at(
        ["vaultLock", "maxRetentionDays"],
        lock.maxRetentionDays,
        `is less than minRetentionDays (${lock.minRetentionDays}) (expected max ≥ min)`,
      );
    const c = LOCK_BOUNDS.minChangeableForDays;
    if (
      lock.mode === "compliance" &&
      lock.changeableForDays !== undefined &&
      !days(lock.changeableForDays, c, LOCK_BOUNDS.maxChangeableForDays)
    )
      p.at(
        ["vaultLock", "changeableForDays"],
        lock.changeableForDays,
        `is shorter than compliance mode's grace period (expected whole days, at least ${c}: AWS's minimum, time to undo a mistaken lock)`,
      );
    if (lock.mode === "governance" && lock.changeableForDays !== undefined)
      p.at(
        ["vaultLock", "changeableForDays"],
        lock.changeableForDays,
        'applies to compliance mode only (expected it unset with mode "governance", or mode "compliance")',
      );
  }

  const plans = Object.entries(args.plans ?? {}) as [string, RecoveryArgs["plans"][BackupClass]][];
  if (plans.length === 0)
    p.at(
      ["plans"],
      args.plans,
      `backs up nothing (expected a plan for at least one of ${BACKUP_CLASSES.join(", ")})`,
    );
  for (const [cls, plan] of plans) {
    const at = ["plans", cls];
    if (!(BACKUP_CLASSES as readonly string[]).includes(cls)) {
      p.at(at, cls, `is not a backup class (expected one of ${BACKUP_CLASSES.join(", ")})`);
      continue;
    }
    if (plan === undefined) continue;
    const bad = scheduleProblem(plan.schedule);
    if (bad) p.at([...at, "schedule"], plan.schedule, bad);
    const r = plan.retentionDays;
    if (!days(r, LO, HI))
      p.at([...at, "retentionDays"], r, `is not a retention (expected whole days from ${LO} to ${HI})`);
    else if (lock && typeof lock.minRetentionDays === "number" && typeof lock.maxRetentionDays === "number") {
      if (r < lock.minRetentionDays || r > lock.maxRetentionDays)
        p.at(
          [...at, "retentionDays"],
          r,
          `is outside the vault lock's bounds (expected ${lock.minRetentionDays} to ${lock.maxRetentionDays} days: AWS Backup fails jobs whose retention the lock refuses)`,
        );
    }
    if (plan.copyToVaultArn !== undefined && !VAULT_ARN.test(plan.copyToVaultArn))
      p.at(
        [...at, "copyToVaultArn"],
        plan.copyToVaultArn,
        'is not a Backup vault ARN (expected "arn:aws:backup:<region>:<account>:backup-vault:<name>")',
      );
  }
  p.under([], tagArgProblems(args.tags));
  return p.list;
}
