import type { ArgProblem } from "../shared/problems";
import { Problems } from "../shared/problems";
import { validateAdmissionArgs } from "./supplyChain.admission.logic";
import type { SupplyChainArgs } from "./supplyChain.args";
import { validateModelStoreArgs } from "./supplyChain.modelStore.logic";
import { validateRegistryArgs } from "./supplyChain.registry.logic";

/** Every problem with `SupplyChainArgs`, paths from its root (`registry.repositories[0]`, …). */
export function validateSupplyChainArgs(args: Omit<SupplyChainArgs, "admission"> & {
  readonly admission?: Omit<NonNullable<SupplyChainArgs["admission"]>, "kubeProvider">;
}): ArgProblem[] {
  const p = new Problems();
  p.under(["registry"], validateRegistryArgs(args.registry));
  p.under(["modelStore"], validateModelStoreArgs(args.modelStore));
  if (args.admission) p.under(["admission"], validateAdmissionArgs(args.admission));
  return p.list;
}
