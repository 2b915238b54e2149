import type { ArgProblem } from "../shared/problems";
import type { RecoveryArgs } from "./recovery.args";

/** Every problem with the arguments (field, value, fix); empty when valid. CONTRACT STUB: its owner fills it in. */
export function validateRecoveryArgs(args: Omit<RecoveryArgs, "kubeProvider">): ArgProblem[] {
  void args;
  return [];
}
