import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type StackName } from "../helpers/harness";
import { problemsOf } from "./configProblems";

/**
 * `rampart:supplyChain`, `rampart:models` and `rampart:recovery`: every bad value gets one line naming the
 * key, the value and what was expected (from the schema, the stack rules, or the rules tying a model to
 * its namespace, service account, endpoint, GPU pool, quota and registry), and prod refuses what the
 * components allow in general. Each case is one mutation of a shipped stack config, parsed as the program
 * parses it (parseConfig registers nothing).
 */

const sc = (c: Record<string, any>) => c["rampart:supplyChain"];
const model = (c: Record<string, any>) => c["rampart:models"][0];
const recovery = (c: Record<string, any>) => c["rampart:recovery"];
const vault = (c: Record<string, any>) => c["rampart:vault"];

const SUPPLY_CHAIN_WHY =
  "prod runs only images from its own registry, by digest and signed, and models from its locked model store";
const RECOVERY_WHY = "prod keeps backups in a locked vault that nobody, root included, can empty early";
const expectedImage = (stack: StackName) =>
  `<12 digits>.dkr.ecr.us-east-1.amazonaws.com/rampart-${stack}/<repository>@sha256:<64 hex>`;
const DEV_REPOSITORIES =
  "rampart-dev/vllm, rampart-dev/aws-cli, rampart-dev/cosign, rampart-dev/istio-proxyv2";
const quota = (field: string, shown: string) =>
  `, with the models listed before it, exceeds the namespace's quota of ${shown} (expected all models' replicas within rampart:namespaces[0].quota.${field}: lower replicas or ${field}, or raise the quota)`;
const NEEDS_SUPPLY_CHAIN =
  'rampart:models: ["vllm"] need rampart:supplyChain (expected it set: a model server\'s image comes from its registry and its model from its model store)';

/** A second model in dev's namespace, with its own service account and endpoint (and `extra`). */
function addModel(c: Record<string, any>, extra: Record<string, unknown> = {}): void {
  const ns = c["rampart:namespaces"][0];
  ns.serviceAccounts.push("embed");
  ns.mesh.endpoints.push({
    name: "embed",
    port: 9000,
    hosts: ["api.dev.example.com"],
    pathPrefix: "/embed/",
  });
  c["rampart:models"].push({
    ...model(c),
    name: "embed",
    serviceAccount: "embed",
    resources: { cpu: "1", memory: "4Gi", ephemeralStorage: "10Gi", gpus: 1 },
    ...extra,
  });
}

const cases: [string, StackName, (c: Record<string, any>) => void, string[]][] = [
  // What prod refuses.
  [
    "prod without a supply chain (and so without models or a models plan)",
    "prod",
    (c) => {
      delete c["rampart:supplyChain"];
      c["rampart:models"] = [];
      delete recovery(c).plans.models;
    },
    [
      `rampart:supplyChain: missing (expected the registry, signing key, model store and image admission in prod: ${SUPPLY_CHAIN_WHY})`,
    ],
  ],
  [
    "prod with mutable tags, basic scanning, a governance-locked model store and admission that audits",
    "prod",
    (c) => {
      sc(c).immutableTags = false;
      sc(c).enhancedScanning = false;
      sc(c).modelStore.objectLock.mode = "GOVERNANCE";
      sc(c).admission.mode = "audit";
    },
    [
      "rampart:supplyChain.immutableTags: false must be true in prod (a tag that can move lets an image be swapped under it)",
      "rampart:supplyChain.enhancedScanning: false must be true in prod (images are rescanned continuously as new vulnerabilities are published)",
      'rampart:supplyChain.modelStore.objectLock.mode: "GOVERNANCE" must be "COMPLIANCE" in prod (nobody, root included, deletes a model version before its retention ends)',
      'rampart:supplyChain.admission.mode: "audit" must be "enforce" in prod (audit admits unsigned images and only reports them)',
    ],
  ],
  [
    "prod with admission disabled",
    "prod",
    (c) => (sc(c).admission.enabled = false),
    [`rampart:supplyChain.admission.enabled: false must be true in prod (${SUPPLY_CHAIN_WHY})`],
  ],
  [
    "prod without admission",
    "prod",
    (c) => delete sc(c).admission,
    [`rampart:supplyChain.admission: missing (expected image admission in prod: ${SUPPLY_CHAIN_WHY})`],
  ],
  [
    "prod without recovery",
    "prod",
    (c) => delete c["rampart:recovery"],
    [`rampart:recovery: missing (expected the Backup vault, its lock and plans in prod: ${RECOVERY_WHY})`],
  ],
  [
    "prod without a vault lock",
    "prod",
    (c) => delete recovery(c).vaultLock,
    [
      `rampart:recovery.vaultLock: missing (expected a vault lock in compliance mode in prod: ${RECOVERY_WHY})`,
    ],
  ],
  [
    "prod with a governance vault lock",
    "prod",
    (c) => (recovery(c).vaultLock.mode = "governance"),
    [
      // Recovery's own rule too: the grace period is compliance mode's (governance has none).
      'rampart:recovery.vaultLock.changeableForDays: 3 applies to compliance mode only (expected it unset with mode "governance", or mode "compliance")',
      'rampart:recovery.vaultLock.mode: "governance" must be "compliance" in prod (governance lets holders of backup:DeleteBackupVaultLockConfiguration remove the lock)',
    ],
  ],
  // What ties the sections to each other and to the rest, in every environment.
  [
    "models without a supply chain",
    "dev",
    (c) => {
      delete c["rampart:supplyChain"];
      delete recovery(c).plans.models;
    },
    [NEEDS_SUPPLY_CHAIN],
  ],
  [
    "a models plan without a supply chain (no model store to back up)",
    "dev",
    (c) => {
      delete c["rampart:supplyChain"];
      c["rampart:models"] = [];
    },
    [
      'rampart:recovery.plans.models: {"schedule":"cron(0 3 * * ? *)","retentionDays":7} backs up nothing: there is no model store without rampart:supplyChain (expected no models plan, or a supply chain)',
    ],
  ],
  [
    "models without the init steps' images",
    "dev",
    (c) => delete sc(c).initImages,
    [
      "rampart:supplyChain.initImages: missing (expected {fetch, verify}: the images by digest of the model servers' init steps, which fetch and verify the model before the server starts)",
    ],
  ],
  [
    "a plan keeping backups longer than the privacy retention",
    "dev",
    (c) => (recovery(c).plans.consent.retentionDays = 30),
    [
      // Also outside dev's lock (AWS Backup would fail the jobs): Recovery's rule.
      "rampart:recovery.plans.consent.retentionDays: 30 is outside the vault lock's bounds (expected 1 to 7 days: AWS Backup fails jobs whose retention the lock refuses)",
      "rampart:recovery.plans.consent.retentionDays: 30 keeps backups longer than rampart:privacy.retention.backupsDays (7) (expected at most that: the backups' retention is a privacy decision)",
    ],
  ],
  // A model and the rest of the config.
  [
    "a model in an unknown namespace, on an unknown GPU pool",
    "dev",
    (c) => {
      model(c).namespace = "chat";
      model(c).gpuPool = "big";
    },
    [
      'rampart:models[0].gpuPool: "big" is not a GPU node pool (expected one of rampart:gpuNodePools[].name: inference)',
      'rampart:models[0].namespace: "chat" is not an inference namespace (expected one of rampart:namespaces[].name: llm-inference)',
    ],
  ],
  [
    "a model's service account that is not its namespace's",
    "dev",
    (c) => (model(c).serviceAccount = "server"),
    [
      'rampart:models[0].serviceAccount: "server" is not a service account of llm-inference (expected one of rampart:namespaces[0].serviceAccounts: vllm)',
    ],
  ],
  [
    "two models of one name",
    "dev",
    (c) => addModel(c, { name: "vllm" }),
    [
      'rampart:models[1].name: "vllm" is used by rampart:models[0] (expected unique names: each is a Service, a mesh endpoint and the IAM role rampart-dev-model-<name>)',
    ],
  ],
  [
    "two models of one service account",
    "dev",
    (c) => addModel(c, { serviceAccount: "vllm" }),
    [
      'rampart:models[1].serviceAccount: "vllm" is the service account of model "vllm" in llm-inference (expected one model per service account: each has its own Pod Identity association and role)',
    ],
  ],
  [
    "a model without a mesh endpoint of its name",
    "dev",
    (c) => (model(c).name = "mistral"),
    [
      'rampart:models[0].name: "mistral" has no mesh endpoint in llm-inference (expected an endpoint of that name in rampart:namespaces[0].mesh.endpoints, which the gateway routes to: vllm)',
    ],
  ],
  [
    "models whose replicas together exceed the namespace's GPU quota",
    "dev",
    (c) => addModel(c, { replicas: 2 }),
    [`rampart:models[1].resources.gpus: 1 × 2 replica(s)${quota("gpus", "2")}`],
  ],
  [
    "a model whose replicas exceed the namespace's CPU, memory and GPU quota",
    "dev",
    (c) => {
      model(c).replicas = 3;
      model(c).resources.cpu = "6";
      model(c).resources.memory = "30Gi";
    },
    [
      `rampart:models[0].resources.gpus: 1 × 3 replica(s)${quota("gpus", "2")}`,
      `rampart:models[0].resources.cpu: "6" × 3 replica(s)${quota("cpu", "16")}`,
      `rampart:models[0].resources.memory: "30Gi" × 3 replica(s)${quota("memory", "64Gi")}`,
    ],
  ],
  [
    "a model image by tag from Docker Hub",
    "dev",
    (c) => (model(c).image = "vllm/vllm-openai:v0.11.0"),
    [
      `rampart:models[0].image: "vllm/vllm-openai:v0.11.0" is not an image by digest from this stack's registry (expected ${expectedImage("dev")})`,
    ],
  ],
  [
    "a model image from another Region's registry",
    "dev",
    (c) => (model(c).image = model(c).image.replace("us-east-1", "eu-west-1")),
    [
      `rampart:models[0].image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/rampart-dev/vllm@sha256:0123456... is in the registry of eu-west-1, not aws:region=us-east-1 (expected ${expectedImage("dev")})`,
    ],
  ],
  [
    "images from another stack's repository and from a repository that is not configured",
    "dev",
    (c) => {
      model(c).image = model(c).image.replace("rampart-dev/vllm", "rampart-prod/vllm");
      sc(c).initImages.verify = sc(c).initImages.verify.replace("cosign", "sigstore");
    },
    [
      `rampart:supplyChain.initImages.verify: "123456789012.dkr.ecr.us-east-1.amazonaws.com/rampart-dev/sigstore@sha256:012... is not in one of this stack's repositories (expected ${DEV_REPOSITORIES}: rampart:supplyChain.repositories under rampart-dev/)`,
      `rampart:models[0].image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/rampart-prod/vllm@sha256:012345... is not in one of this stack's repositories (expected ${DEV_REPOSITORIES}: rampart:supplyChain.repositories under rampart-dev/)`,
    ],
  ],
  [
    "a model named after another service account's Vault workload",
    "dev",
    (c) => {
      addModel(c);
      vault(c).workloads.push({ name: "embed", namespace: "batch", serviceAccount: "indexer" });
    },
    [
      'rampart:models[1].name: "embed" is the Vault role of rampart:vault.workloads[1] (batch/indexer), so the model\'s own workload cannot be added (expected a workload for llm-inference/embed listed in rampart:vault.workloads, or another model name)',
    ],
  ],
  // The schema: unknown keys (with the key meant) and values outside an enum.
  [
    "typos and values outside the enums",
    "dev",
    (c) => {
      sc(c).immutableTag = false;
      sc(c).admission.mode = "permissive";
      recovery(c).vaultLock.mode = "strict";
      model(c).resources.gpu = 1;
    },
    [
      'rampart:supplyChain.admission.mode: "permissive" is not allowed (expected one of "enforce", "audit")',
      'rampart:supplyChain.immutableTag: unknown key (did you mean "rampart:supplyChain.immutableTags"?)',
      'rampart:models[0].resources.gpu: unknown key (did you mean "rampart:models[0].resources.cpu"?)',
      'rampart:recovery.vaultLock.mode: "strict" is not allowed (expected one of "governance", "compliance")',
    ],
  ],
  // Several problems in one config: every one of them, in one run.
  [
    "prod with several problems lists them all",
    "prod",
    (c) => {
      sc(c).immutableTags = false;
      model(c).image = "vllm/vllm-openai:v0.11.0";
      model(c).serviceAccount = "server";
      recovery(c).vaultLock.mode = "governance";
      recovery(c).plans.models.retentionDays = 90;
    },
    [
      `rampart:models[0].image: "vllm/vllm-openai:v0.11.0" is not an image by digest from this stack's registry (expected ${expectedImage("prod")})`,
      'rampart:models[0].serviceAccount: "server" is not a service account of llm-inference (expected one of rampart:namespaces[0].serviceAccounts: vllm)',
      'rampart:recovery.vaultLock.changeableForDays: 3 applies to compliance mode only (expected it unset with mode "governance", or mode "compliance")',
      "rampart:recovery.plans.models.retentionDays: 90 is outside the vault lock's bounds (expected 7 to 35 days: AWS Backup fails jobs whose retention the lock refuses)",
      "rampart:recovery.plans.models.retentionDays: 90 keeps backups longer than rampart:privacy.retention.backupsDays (35) (expected at most that: the backups' retention is a privacy decision)",
      "rampart:supplyChain.immutableTags: false must be true in prod (a tag that can move lets an image be swapped under it)",
      'rampart:recovery.vaultLock.mode: "governance" must be "compliance" in prod (governance lets holders of backup:DeleteBackupVaultLockConfiguration remove the lock)',
    ],
  ],
];

describe("supply chain, models and recovery config: one line per problem, naming the key", () => {
  for (const stack of ["dev", "prod"] as const)
    test(`the shipped ${stack} config parses`, () =>
      assert.deepEqual(
        problemsOf(stack, () => undefined),
        [],
      ));
  for (const [name, stack, edit, expected] of cases)
    test(name, () => assert.deepEqual(problemsOf(stack, edit), expected));
});

describe("what dev may loosen and prod may not", () => {
  test("dev accepts a governance vault lock, a governance model store, no admission and no recovery", () =>
    assert.deepEqual(
      problemsOf("dev", (c) => {
        delete sc(c).admission;
        delete c["rampart:recovery"];
      }),
      [],
    ));
});
