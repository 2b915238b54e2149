import type { ArgProblem } from "../shared/problems";
import type { ModelServerArgs } from "./modelServer.args";

/** Every problem with the arguments (field, value, fix); empty when valid. CONTRACT STUB: its owner fills it in. */
export function validateModelServerArgs(args: Omit<ModelServerArgs, "kubeProvider">): ArgProblem[] {
  void args;
  return [];
}
