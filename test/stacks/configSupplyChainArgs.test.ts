import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { GPU_POOL_LABEL } from "../../components/compute/gpuNodePool.logic";
import { modelBucketPrefix } from "../../components/supplychain/supplyChain.args";
import { keyOf, valueAt } from "../../stacks/config/messages";
import {
  type KeyMap,
  modelServerArgsOf,
  modelServerKeys,
  parseConfig,
  RECOVERY_KEYS,
  recoveryArgsOf,
  SUPPLY_CHAIN_KEYS,
  supplyChainArgsOf,
  vaultAccessArgsOf,
  vaultWorkloadsOf,
} from "../../stacks/config";
import { DEFAULT_REPOSITORIES } from "../../stacks/config/schema.supplychain";
import { flattenConfig, stackConfig, type StackName } from "../helpers/harness";

/**
 * The supply-chain Args mappers give SupplyChain, ModelServer and Recovery their contracts'
 * config-decided fields from the shipped config (the rest are other components' outputs, which the
 * lead's platform adds), model servers get a Vault workload that encrypts, and every Args path maps back
 * to the `rampart:` key it was written under.
 */

function load(stack: StackName, edit: (c: Record<string, any>) => void = () => undefined) {
  const raw = stackConfig(stack);
  edit(raw);
  return parseConfig(flattenConfig(raw), stack);
}

const DIGEST = "0123456789abcdef".repeat(4);
const registry = (stack: StackName) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/rampart-${stack}`;

describe("supplyChainArgsOf", () => {
  test("prod: the registry, signers, the locked model store and enforcing admission over every inference namespace", () => {
    const c = load("prod");
    assert.deepEqual(supplyChainArgsOf({ ...c, supplyChain: c.supplyChain! }, c.project, c.stack), {
      namePrefix: "rampart-prod",
      stack: "prod",
      registry: {
        // The defaults and Istio's proxy (rampart:mesh.proxyImage, checked by image admission).
        repositories: [...DEFAULT_REPOSITORIES, "istio-proxyv2"],
        immutableTags: true,
        enhancedScanning: true,
        // Prod owns the account's defaults: it enables Inspector and sets the registry scanning configuration.
        enableInspector: true,
        keepImages: undefined,
        organizationId: undefined,
        pullThroughCache: [],
      },
      signing: { signerRoleArns: ["arn:aws:iam::123456789012:role/rampart-release"] },
      modelStore: {
        objectLock: { mode: "COMPLIANCE", days: 30 },
        noncurrentVersionDays: 365,
        accessLogRetentionDays: 365,
        writerRoleArns: ["arn:aws:iam::123456789012:role/rampart-release"],
      },
      admission: {
        chartVersion: "3.9.0",
        mode: "enforce",
        namespaces: ["llm-inference"],
        imageRegistry: "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror",
        vpcCidrs: ["10.50.0.0/16"],
      },
      protect: true,
      tags: { project: "rampart", environment: "prod" },
    });
  });

  test("dev does not own the account's defaults (no Inspector); disabled admission is no admission", () => {
    const c = load("dev", (raw) => (raw["rampart:supplyChain"].admission.enabled = false));
    const args = supplyChainArgsOf({ ...c, supplyChain: c.supplyChain! }, c.project, c.stack);
    assert.equal(args.registry.enableInspector, false);
    assert.equal(args.admission, undefined);
    assert.equal(args.modelStore.accessLogRetentionDays, c.logging.retentionDays);
  });

  test("the model store's bucket prefix is the one model-management's grants name", () => {
    const c = load("prod");
    const args = supplyChainArgsOf({ ...c, supplyChain: c.supplyChain! }, c.project, c.stack);
    assert.equal(modelBucketPrefix(args.namePrefix), "rampart-prod-models-");
  });
});

describe("modelServerArgsOf", () => {
  test("prod's model: images by digest, this stack's repositories, the endpoint's port, the GPU pool's label", () => {
    const c = load("prod");
    const args = modelServerArgsOf({ ...c, supplyChain: c.supplyChain! }, c.models[0]!, c.project, c.stack);
    assert.deepEqual(args, {
      namePrefix: "rampart-prod",
      namespace: "llm-inference",
      name: "vllm",
      serviceAccount: "vllm",
      images: {
        server: `${registry("prod")}/vllm@sha256:${DIGEST}`,
        fetch: `${registry("prod")}/aws-cli@sha256:${DIGEST}`,
        verify: `${registry("prod")}/cosign@sha256:${DIGEST}`,
      },
      registry: {
        region: "us-east-1",
        repositories: [
          "rampart-prod/vllm",
          "rampart-prod/aws-cli",
          "rampart-prod/cosign",
          "rampart-prod/istio-proxyv2",
        ],
      },
      model: { prefix: "llama-3.1-8b-instruct/2026-11-30/" },
      servedModelName: "llama-3.1-8b-instruct",
      extraArgs: undefined,
      port: 8000,
      replicas: 2,
      resources: { cpu: "6", memory: "48Gi", ephemeralStorage: "100Gi", gpus: 1 },
      priority: undefined,
      nodeSelector: { [GPU_POOL_LABEL]: "inference" },
      tags: { project: "rampart", environment: "prod" },
    });
  });

  test("the port follows the endpoint of the model's name; no GPU pool, no node selector", () => {
    const c = load("dev", (raw) => {
      raw["rampart:namespaces"][0].mesh.endpoints[0].port = 8080;
      delete raw["rampart:models"][0].gpuPool;
    });
    const args = modelServerArgsOf({ ...c, supplyChain: c.supplyChain! }, c.models[0]!, c.project, c.stack);
    assert.equal(args.port, 8080);
    assert.equal(args.nodeSelector, undefined);
  });

  test("without the mesh, ModelServer's default port applies", () => {
    const c = load("dev");
    const args = modelServerArgsOf(
      { ...c, mesh: { ...c.mesh!, enabled: false }, supplyChain: c.supplyChain! },
      c.models[0]!,
      c.project,
      c.stack,
    );
    assert.equal(args.port, undefined);
  });
});

describe("recoveryArgsOf", () => {
  test("prod: a compliance lock and a daily plan per data class, 35 days", () => {
    const c = load("prod");
    const plan = { schedule: "cron(0 3 * * ? *)", retentionDays: 35 };
    assert.deepEqual(recoveryArgsOf({ ...c, recovery: c.recovery! }, c.project, c.stack), {
      namePrefix: "rampart-prod",
      vaultLock: { mode: "compliance", minRetentionDays: 7, maxRetentionDays: 35, changeableForDays: 3 },
      plans: { volumes: plan, consent: plan, models: plan },
      protect: true,
      tags: { project: "rampart", environment: "prod" },
    });
  });
});

describe("a model server's Vault workload", () => {
  const models = [{ name: "vllm", namespace: "llm-inference", serviceAccount: "vllm" }];
  test("a listed workload of the model's service account gets encrypt: true, the rest unchanged", () => {
    const listed = [
      { name: "vllm", namespace: "llm-inference", serviceAccount: "vllm" },
      { name: "rag", namespace: "llm-inference", serviceAccount: "rag", readSecrets: true },
    ];
    assert.deepEqual(vaultWorkloadsOf({ workloads: listed }, models), [
      { ...listed[0], encrypt: true },
      listed[1],
    ]);
    assert.equal((listed[0] as { encrypt?: boolean }).encrypt, undefined, "the config is not changed");
  });

  test("a model without a listed workload gets one of its name, encrypting only", () => {
    assert.deepEqual(vaultWorkloadsOf({ workloads: [] }, models), [
      { name: "vllm", namespace: "llm-inference", serviceAccount: "vllm", readSecrets: false, encrypt: true },
    ]);
  });

  test("VaultAccess gets them: dev without the workload written still has it", () => {
    const c = load("dev", (raw) => (raw["rampart:vault"].workloads = []));
    const args = vaultAccessArgsOf({ ...c, vault: c.vault! }, c.project, c.stack, () => pulumi.secret("t"));
    assert.deepEqual(args.kubernetes.workloads, [
      { name: "vllm", namespace: "llm-inference", serviceAccount: "vllm", readSecrets: false, encrypt: true },
    ]);
  });
});

/** Every leaf of an Args object with its path (arrays by index); undefined leaves are skipped. */
function leaves(value: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
}

/**
 * Each config-decided Args value is the value at the key its problems are reported under; `derived`
 * lists the paths resolved rather than copied (repository names under the prefix, the node selector
 * from the pool's name, admission's namespaces from theirs), checked by the tests above.
 */
function assertEachLeafMapsToItsKey(
  args: object,
  map: KeyMap,
  config: object,
  derived: RegExp[] = [],
): number {
  let copied = 0;
  for (const [path, value] of leaves(args)) {
    const key = map(path);
    if (typeof key === "string") {
      assert.ok(!key.startsWith("rampart:") || key === "aws:region", `${keyOf(path)} maps to ${key}`);
      continue;
    }
    if (derived.some((d) => d.test(path.join(".")))) continue;
    assert.deepEqual(valueAt(config, key), value, `${path.join(".")} -> ${keyOf(key)}`);
    copied++;
  }
  return copied;
}

describe("a component's problem path maps to the rampart: key the user wrote", () => {
  test("SupplyChain's, ModelServer's and Recovery's config-decided values map back to their keys", () => {
    const c = load("prod");
    const sc = supplyChainArgsOf({ ...c, supplyChain: c.supplyChain! }, c.project, c.stack);
    assert.ok(
      assertEachLeafMapsToItsKey(sc, SUPPLY_CHAIN_KEYS, c, [/^admission\.(namespaces|vpcCidrs)/]) > 10,
    );
    const ms = modelServerArgsOf({ ...c, supplyChain: c.supplyChain! }, c.models[0]!, c.project, c.stack);
    const endpoint = ["namespaces", 0, "mesh", "endpoints", 0, "port"];
    assert.ok(
      assertEachLeafMapsToItsKey(ms, modelServerKeys(0, endpoint), c, [
        /^registry\.repositories/,
        /^nodeSelector/,
      ]) > 10,
    );
    const rc = recoveryArgsOf({ ...c, recovery: c.recovery! }, c.project, c.stack);
    assert.ok(assertEachLeafMapsToItsKey(rc, RECOVERY_KEYS, c) > 10);
  });

  const cases: [string, KeyMap, (string | number)[], string | (string | number)[]][] = [
    [
      "Inspector is the account's defaults",
      SUPPLY_CHAIN_KEYS,
      ["registry", "enableInspector"],
      ["accountDefaults", "owner"],
    ],
    [
      "access logs keep the log retention",
      SUPPLY_CHAIN_KEYS,
      ["modelStore", "accessLogRetentionDays"],
      ["logging", "retentionDays"],
    ],
    [
      "the model store's writers are the signers",
      SUPPLY_CHAIN_KEYS,
      ["modelStore", "writerRoleArns", 0],
      ["supplyChain", "signerRoleArns", 0],
    ],
    [
      "admission's namespaces are the inference namespaces",
      SUPPLY_CHAIN_KEYS,
      ["admission", "namespaces", 0],
      ["namespaces", 0, "name"],
    ],
    ["no admission namespace at all", SUPPLY_CHAIN_KEYS, ["admission", "namespaces"], ["namespaces"]],
    [
      "Kyverno's images come from the mirror",
      SUPPLY_CHAIN_KEYS,
      ["admission", "imageRegistry"],
      ["images", "mirror"],
    ],
    [
      "the control plane's CIDRs are the stack's",
      SUPPLY_CHAIN_KEYS,
      ["admission", "controlPlaneCidrs"],
      "SupplyChain admission.controlPlaneCidrs (set by the stack)",
    ],
    ["the name prefix is the stack's name", SUPPLY_CHAIN_KEYS, ["namePrefix"], "the Pulumi stack name"],
    ["the server image is the model's", modelServerKeys(2), ["images", "server"], ["models", 2, "image"]],
    [
      "init images are the supply chain's",
      modelServerKeys(2),
      ["images", "verify"],
      ["supplyChain", "initImages", "verify"],
    ],
    ["the prefix is the model's", modelServerKeys(2), ["model", "prefix"], ["models", 2, "prefix"]],
    [
      "the bucket is the stack's",
      modelServerKeys(2),
      ["model", "bucketName"],
      "ModelServer model.bucketName (set by the stack)",
    ],
    ["the region is aws:region", modelServerKeys(2), ["registry", "region"], "aws:region"],
    [
      "the node selector is the GPU pool",
      modelServerKeys(2),
      ["nodeSelector", GPU_POOL_LABEL],
      ["models", 2, "gpuPool"],
    ],
    [
      "the port is the endpoint's",
      modelServerKeys(2, ["namespaces", 1, "mesh", "endpoints", 0, "port"]),
      ["port"],
      ["namespaces", 1, "mesh", "endpoints", 0, "port"],
    ],
    [
      "a quota field is the model's",
      modelServerKeys(2),
      ["resources", "gpus"],
      ["models", 2, "resources", "gpus"],
    ],
    [
      "a plan's retention",
      RECOVERY_KEYS,
      ["plans", "models", "retentionDays"],
      ["recovery", "plans", "models", "retentionDays"],
    ],
    ["the VPC is the stack's", RECOVERY_KEYS, ["vpcId"], "Recovery vpcId (set by the stack)"],
  ];
  for (const [name, map, path, key] of cases) test(name, () => assert.deepEqual(map(path), key));
});
