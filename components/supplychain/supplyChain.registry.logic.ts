import type { ArgProblem } from "../shared/problems";
import type { RegistryArgs } from "./supplyChain.args";

/** Every problem with the arguments (field, value, fix); empty when valid. CONTRACT STUB: its owner fills it in. */
export function validateRegistryArgs(args: Omit<RegistryArgs, "kubeProvider">): ArgProblem[] {
  void args;
  return [];
}
