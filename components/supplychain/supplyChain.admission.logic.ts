import type { ArgProblem } from "../shared/problems";
import type { AdmissionArgs } from "./supplyChain.args";

/** Every problem with the arguments (field, value, fix); empty when valid. CONTRACT STUB: its owner fills it in. */
export function validateAdmissionArgs(args: Omit<AdmissionArgs, "kubeProvider">): ArgProblem[] {
  void args;
  return [];
}
