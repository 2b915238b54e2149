import type { ArgProblem } from "../shared/problems";
import { Problems } from "../shared/problems";
import { tagArgProblems } from "../shared/rules";
import { validateAdmissionArgs } from "./supplyChain.admission.logic";
import type { SupplyChainArgs } from "./supplyChain.args";
import { modelStoreNamePrefixProblem, validateModelStoreArgs } from "./supplyChain.modelStore.logic";
import { validateRegistryArgs } from "./supplyChain.registry.logic";

/** Every problem with `SupplyChainArgs`, paths from its root (`registry.repositories[0]`, …). */
export function validateSupplyChainArgs(
  args: Omit<SupplyChainArgs, "admission"> & {
    readonly admission?: Omit<NonNullable<SupplyChainArgs["admission"]>, "kubeProvider">;
  },
): ArgProblem[] {
  const p = new Problems();
  const prefix = modelStoreNamePrefixProblem(args.namePrefix);
  if (prefix) p.at(["namePrefix"], args.namePrefix, prefix);
  p.under([], tagArgProblems(args.tags));
  p.under(["registry"], validateRegistryArgs(args.registry));
  p.under(["modelStore"], validateModelStoreArgs(args.modelStore));
  if (args.admission) p.under(["admission"], validateAdmissionArgs(args.admission));
  return p.list;
}
