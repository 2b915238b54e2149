import type { ArgPath } from "../../components/shared/problems";
import type { ParsedSections } from "./components";
import { configuredVault } from "./components.identity";
import { enabledAdmission } from "./components.supplychain";
import { keyOf, line } from "./messages";

/**
 * The stack rules of the supply chain, the model servers and recovery: what ties `rampart:supplyChain`,
 * `rampart:models` and `rampart:recovery` to the rest of the config (a model needs the registry and the
 * model store, and its init images; a model plan needs the model store; backups keep no longer than
 * `rampart:privacy.retention.backupsDays`; a model's Vault role needs its name), and what prod refuses
 * (each a loosening the components allow in general: no registry or admission, mutable tags, basic
 * scanning, admission that only audits, a model store or a Backup vault that can be emptied early).
 * Called by environment.ts.
 */

const PROD_WHY = {
  supplyChain:
    "prod runs only images from its own registry, by digest and signed, and models from its locked model store",
  recovery: "prod keeps backups in a locked vault that nobody, root included, can empty early",
} as const;

export function supplyChainEnvironmentProblems(
  c: ParsedSections,
  prod: boolean,
  unparsed: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const at = (path: ArgPath, value: unknown, message: string) => problems.push(line(path, value, message));
  const missing = (path: ArgPath, expected: string) =>
    problems.push(`${keyOf(path)}: missing (expected ${expected})`);
  const { supplyChain: sc, recovery } = c;
  const models = c.models ?? [];

  if (models.length > 0 && !sc && !unparsed.has("supplyChain"))
    at(
      ["models"],
      models.map((m) => m.name),
      "need rampart:supplyChain (expected it set: a model server's image comes from its registry and its model from its model store)",
    );
  if (models.length > 0 && sc && !sc.initImages)
    missing(
      ["supplyChain", "initImages"],
      "{fetch, verify}: the images by digest of the model servers' init steps, which fetch and verify the model before the server starts",
    );
  if (recovery?.plans.models && !sc && !unparsed.has("supplyChain"))
    at(
      ["recovery", "plans", "models"],
      recovery.plans.models,
      "backs up nothing: there is no model store without rampart:supplyChain (expected no models plan, or a supply chain)",
    );
  const backupsDays = c.privacy?.retention.backupsDays;
  for (const [cls, plan] of Object.entries(recovery?.plans ?? {}))
    if (plan && backupsDays !== undefined && plan.retentionDays > backupsDays)
      at(
        ["recovery", "plans", cls, "retentionDays"],
        plan.retentionDays,
        `keeps backups longer than rampart:privacy.retention.backupsDays (${backupsDays}) (expected at most that: the backups' retention is a privacy decision)`,
      );
  // A model's Vault workload is added under the model's name (components.supplychain.ts, vaultWorkloadsOf):
  // that name must not already be another workload's Vault role.
  if (configuredVault(c.vault))
    models.forEach((model, i) => {
      const k = c.vault!.workloads.findIndex((w) => w.name === model.name);
      const w = c.vault!.workloads[k];
      const listed = c.vault!.workloads.some(
        (x) => x.namespace === model.namespace && x.serviceAccount === model.serviceAccount,
      );
      // A model whose namespace or service account is wrong is reported as such, not here too.
      const ns = c.namespaces?.find((x) => x.name === model.namespace);
      const known = c.namespaces === undefined || ns?.serviceAccounts.includes(model.serviceAccount) === true;
      const first = models.findIndex((m) => m.name === model.name) === i;
      if (w && !listed && known && first)
        at(
          ["models", i, "name"],
          model.name,
          `is the Vault role of rampart:vault.workloads[${k}] (${w.namespace}/${w.serviceAccount}), so the model's own workload cannot be added (expected a workload for ${model.namespace}/${model.serviceAccount} listed in rampart:vault.workloads, or another model name)`,
        );
    });

  if (!prod) return problems;
  if (!sc) {
    if (!unparsed.has("supplyChain"))
      missing(
        ["supplyChain"],
        `the registry, signing key, model store and image admission in prod: ${PROD_WHY.supplyChain}`,
      );
  } else {
    if (!sc.immutableTags)
      at(
        ["supplyChain", "immutableTags"],
        false,
        "must be true in prod (a tag that can move lets an image be swapped under it)",
      );
    if (!sc.enhancedScanning)
      at(
        ["supplyChain", "enhancedScanning"],
        false,
        "must be true in prod (images are rescanned continuously as new vulnerabilities are published)",
      );
    if (sc.modelStore.objectLock.mode !== "COMPLIANCE")
      at(
        ["supplyChain", "modelStore", "objectLock", "mode"],
        sc.modelStore.objectLock.mode,
        'must be "COMPLIANCE" in prod (nobody, root included, deletes a model version before its retention ends)',
      );
    if (!sc.admission)
      missing(["supplyChain", "admission"], `image admission in prod: ${PROD_WHY.supplyChain}`);
    else if (!enabledAdmission(sc.admission))
      at(["supplyChain", "admission", "enabled"], false, `must be true in prod (${PROD_WHY.supplyChain})`);
    else if (sc.admission.mode !== "enforce")
      at(
        ["supplyChain", "admission", "mode"],
        sc.admission.mode,
        'must be "enforce" in prod (audit admits unsigned images and only reports them)',
      );
  }
  if (!recovery) {
    if (!unparsed.has("recovery"))
      missing(["recovery"], `the Backup vault, its lock and plans in prod: ${PROD_WHY.recovery}`);
  } else if (!recovery.vaultLock)
    missing(["recovery", "vaultLock"], `a vault lock in compliance mode in prod: ${PROD_WHY.recovery}`);
  else if (recovery.vaultLock.mode !== "compliance")
    at(
      ["recovery", "vaultLock", "mode"],
      recovery.vaultLock.mode,
      `must be "compliance" in prod (governance lets holders of backup:DeleteBackupVaultLockConfiguration remove the lock)`,
    );
  return problems;
}
