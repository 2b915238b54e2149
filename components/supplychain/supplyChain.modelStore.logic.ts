import type { ArgProblem } from "../shared/problems";
import type { ModelStoreArgs } from "./supplyChain.args";

/** Every problem with the arguments (field, value, fix); empty when valid. CONTRACT STUB: its owner fills it in. */
export function validateModelStoreArgs(args: Omit<ModelStoreArgs, "kubeProvider">): ArgProblem[] {
  void args;
  return [];
}
