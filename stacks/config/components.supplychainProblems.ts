import { modelBucketPrefix } from "../../components/supplychain/supplyChain.args";
import { validateSupplyChainArgs } from "../../components/supplychain/supplyChain.validate";
import { validateRecoveryArgs } from "../../components/operations/recovery.validate";
import type { ArgPath } from "../../components/shared/problems";
import { MODEL_SERVER_DEFAULTS } from "../../components/workloads/modelServer.args";
import { parseQuantity } from "../../components/workloads/inferenceNamespace.logic";
import { validateModelServerArgs } from "../../components/workloads/modelServer.validate";
import { clusterNameOf, vpcCidrsOf } from "./components";
import { enabledMesh, mapLines } from "./components.mesh";
import { namePrefixOf } from "./components.siem";
import {
  enabledAdmission,
  modelEndpointOf,
  modelServerArgsOf,
  modelServerKeys,
  RECOVERY_KEYS,
  recoveryArgsOf,
  repositoryNameOf,
  SUPPLY_CHAIN_KEYS,
  supplyChainArgsOf,
} from "./components.supplychain";
import { keyOf, line } from "./messages";
import type { RampartConfig } from "./schema";
import type { ModelConfig, SupplyChainConfig } from "./schema.supplychain";

/**
 * SupplyChain's, ModelServer's and Recovery's value checks on the Args the stack would give them, as
 * config lines (one owner per rule: the components' validators; config maps their paths to keys), and the
 * rules only config can judge because they tie a model to the rest of the config: its namespace, service
 * account, mesh endpoint, GPU pool and quota, and its images to this stack's registry. Outputs of other
 * components stand in as well-formed placeholders, so only config values are judged.
 */

const STAND_IN = {
  keyArn: "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000",
  vpcId: "vpc-0123456789abcdef0",
  // The public key is SupplyChain's output; its shape is not config's to judge.
  publicKeyPem: "-----BEGIN PUBLIC KEY-----\n(the signing key's)\n-----END PUBLIC KEY-----\n",
} as const;

export function supplyChainComponentProblems(
  c: Partial<RampartConfig>,
  region: string | undefined,
  project: string,
  stack: string,
): string[] {
  const out: string[] = [];
  const { supplyChain, recovery } = c;
  const common = { protect: c.protect ?? true, tags: c.tags ?? {} };
  if (supplyChain && c.logging && c.network && c.images && c.accountDefaults) {
    const args = supplyChainArgsOf(
      {
        ...common,
        supplyChain,
        accountDefaults: c.accountDefaults,
        images: c.images,
        logging: c.logging,
        namespaces: c.namespaces ?? [],
        network: c.network,
      },
      project,
      stack,
    );
    const problems = validateSupplyChainArgs({
      ...args,
      modelsKeyArn: STAND_IN.keyArn,
      admission: args.admission && {
        ...args.admission,
        controlPlaneCidrs: vpcCidrsOf(c.network),
        clusterName: clusterNameOf(project, stack),
      },
    }).filter(
      (p) =>
        !(p.path[0] === "admission" && ["controlPlaneCidrs", "clusterName"].includes(String(p.path[1]))) &&
        // Inference namespaces are judged against rampart:namespaces only when it parsed (reported there).
        (c.namespaces !== undefined || !(p.path[0] === "admission" && p.path[1] === "namespaces")) &&
        // The access logs' retention is rampart:logging.retentionDays, whose own rule is stricter.
        !(p.path[0] === "modelStore" && p.path[1] === "accessLogRetentionDays"),
    );
    out.push(...mapLines(problems, SUPPLY_CHAIN_KEYS));
  }
  if (supplyChain) out.push(...modelProblems(c, supplyChain, region, project, stack));
  if (supplyChain) out.push(...proxyImageProblems(c, supplyChain, region, project, stack));
  if (recovery) {
    const args = recoveryArgsOf({ ...common, recovery }, project, stack);
    const problems = validateRecoveryArgs({ ...args, backupsKeyArn: STAND_IN.keyArn, vpcId: STAND_IN.vpcId });
    out.push(...mapLines(problems, RECOVERY_KEYS));
  }
  return out;
}

const IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^@:]+)@sha256:([0-9a-f]{64})$/;

/**
 * An image's problem: it must be this stack's registry's, by digest (what admission admits and the
 * model server runs), in a repository of `rampart:supplyChain.repositories`.
 */
export function imageProblem(
  image: string,
  region: string | undefined,
  project: string,
  stack: string,
  repositories: readonly string[],
): string | undefined {
  const prefix = namePrefixOf(project, stack);
  const expected = `<12 digits>.dkr.ecr.${region ?? "<aws:region>"}.amazonaws.com/${prefix}/<repository>@sha256:<64 hex>`;
  const m = IMAGE.exec(image);
  if (!m) return `is not an image by digest from this stack's registry (expected ${expected})`;
  if (region !== undefined && m[2] !== region)
    return `is in the registry of ${m[2]}, not aws:region=${region} (expected ${expected})`;
  const names = repositories.map((r) => repositoryNameOf(project, stack, r));
  if (!names.includes(m[3]!))
    return `is not in one of this stack's repositories (expected ${names.join(", ") || "none is configured"}: rampart:supplyChain.repositories under ${prefix}/)`;
  return undefined;
}

/**
 * Istio injects its proxy into every meshed pod before admission sees it: with admission on and an
 * inference namespace in the mesh, the proxy must be one of our images, by digest (and signed), or every
 * meshed pod is refused. `rampart:mesh.proxyImage` names it in full.
 */
function proxyImageProblems(
  c: Partial<RampartConfig>,
  supplyChain: NonNullable<RampartConfig["supplyChain"]>,
  region: string | undefined,
  project: string,
  stack: string,
): string[] {
  const meshed = (c.namespaces ?? []).some((ns) => ns.mesh !== undefined);
  if (!enabledAdmission(supplyChain.admission) || !enabledMesh(c.mesh) || !meshed) return [];
  const image = c.mesh.proxyImage;
  if (image === undefined)
    return [
      `${keyOf(["mesh", "proxyImage"])}: missing (expected Istio's proxyv2 copied into this stack's registry and signed, by digest: image admission refuses the injected sidecar of every meshed inference pod otherwise)`,
    ];
  const problem = imageProblem(image, region, project, stack, supplyChain.repositories);
  return problem ? [line(["mesh", "proxyImage"], image, problem)] : [];
}

interface Quota {
  readonly cpu: number;
  readonly memory: number;
  readonly gpus: number;
}

function modelProblems(
  c: Partial<RampartConfig>,
  supplyChain: SupplyChainConfig,
  region: string | undefined,
  project: string,
  stack: string,
): string[] {
  const problems: string[] = [];
  const at = (path: ArgPath, value: unknown, message: string) => problems.push(line(path, value, message));
  const models = c.models ?? [];
  const namespaces = c.namespaces;
  const image = (path: ArgPath, value: string): boolean => {
    const bad = imageProblem(value, region, project, stack, supplyChain.repositories);
    if (bad) at(path, value, bad);
    return bad !== undefined;
  };
  // The init images are everyone's: reported once, under their own key.
  const badInit = {
    fetch:
      models.length > 0 &&
      supplyChain.initImages !== undefined &&
      image(["supplyChain", "initImages", "fetch"], supplyChain.initImages.fetch),
    verify:
      models.length > 0 &&
      supplyChain.initImages !== undefined &&
      image(["supplyChain", "initImages", "verify"], supplyChain.initImages.verify),
  };
  const names = new Map<string, number>();
  const accounts = new Map<string, string>();
  const used: Record<string, Quota> = {};
  models.forEach((model, i) => {
    const key = (...rest: ArgPath): ArgPath => ["models", i, ...rest];
    if (names.has(model.name))
      at(
        key("name"),
        model.name,
        `is used by rampart:models[${names.get(model.name)}] (expected unique names: each is a Service, a mesh endpoint and the IAM role ${namePrefixOf(project, stack)}-model-<name>)`,
      );
    else names.set(model.name, i);
    const badServer = image(key("image"), model.image);
    if (
      c.gpuNodePools &&
      model.gpuPool !== undefined &&
      !c.gpuNodePools.some((p) => p.name === model.gpuPool)
    )
      at(
        key("gpuPool"),
        model.gpuPool,
        `is not a GPU node pool (expected one of rampart:gpuNodePools[].name: ${c.gpuNodePools.map((p) => p.name).join(", ") || "none is configured"})`,
      );
    if (namespaces) {
      const n = namespaces.findIndex((ns) => ns.name === model.namespace);
      const ns = namespaces[n];
      if (!ns)
        at(
          key("namespace"),
          model.namespace,
          `is not an inference namespace (expected one of rampart:namespaces[].name: ${namespaces.map((x) => x.name).join(", ") || "none is configured"})`,
        );
      else {
        if (!ns.serviceAccounts.includes(model.serviceAccount))
          at(
            key("serviceAccount"),
            model.serviceAccount,
            `is not a service account of ${ns.name} (expected one of rampart:namespaces[${n}].serviceAccounts: ${ns.serviceAccounts.join(", ") || "none is listed"})`,
          );
        const account = `${ns.name}/${model.serviceAccount}`;
        if (accounts.has(account))
          at(
            key("serviceAccount"),
            model.serviceAccount,
            `is the service account of model "${accounts.get(account)}" in ${ns.name} (expected one model per service account: each has its own Pod Identity association and role)`,
          );
        else accounts.set(account, model.name);
        if (enabledMesh(c.mesh) && !modelEndpointOf(model, namespaces)) {
          const endpoints = (ns.mesh?.endpoints ?? []).map((e) => e.name);
          at(
            key("name"),
            model.name,
            `has no mesh endpoint in ${ns.name} (expected an endpoint of that name in rampart:namespaces[${n}].mesh.endpoints, which the gateway routes to: ${endpoints.join(", ") || "none is configured"})`,
          );
        }
        quotaProblems(model, i, ns.quota, n, (used[ns.name] ??= { cpu: 0, memory: 0, gpus: 0 }), at);
      }
    }
    if (c.namespaces !== undefined) {
      const args = modelServerArgsOf(
        { namespaces: c.namespaces, mesh: c.mesh, tags: c.tags ?? {}, supplyChain, region: region ?? "" },
        model,
        project,
        stack,
      );
      const endpoint = enabledMesh(c.mesh) ? modelEndpointOf(model, c.namespaces)?.path : undefined;
      const found = validateModelServerArgs({
        ...args,
        clusterName: clusterNameOf(project, stack),
        model: {
          ...args.model,
          bucketName: `${modelBucketPrefix(namePrefixOf(project, stack))}stand-in`,
          bucketArn: `arn:aws:s3:::${modelBucketPrefix(namePrefixOf(project, stack))}stand-in`,
          modelsKeyArn: STAND_IN.keyArn,
          signingPublicKeyPem: STAND_IN.publicKeyPem,
        },
      }).filter((p) => {
        const [top, field] = p.path;
        // Platform outputs are stand-ins; a missing region is the loader's line; an image already
        // refused above by the rule that names the expected registry is not refused twice.
        if (top === "model" && field !== "prefix") return false;
        if (top === "clusterName") return false;
        if (top === "registry" && field === "region" && region === undefined) return false;
        // The port is the mesh endpoint's: one that is no TCP port at all is the mesh's line.
        if (top === "port" && !(Number.isInteger(args.port) && args.port! >= 1 && args.port! <= 65535))
          return false;
        if (top === "images" && field === "server" && badServer) return false;
        if (
          top === "images" &&
          (field === "fetch" || field === "verify") &&
          (badInit[field] || !supplyChain.initImages)
        )
          return false;
        return true;
      });
      problems.push(...mapLines(found, modelServerKeys(i, endpoint)));
    }
  });
  return problems;
}

/**
 * Every replica's requests count against the namespace's ResourceQuota (requests and limits are equal:
 * ModelServer sets both), all models together; a Deployment whose replicas do not fit never finishes
 * rolling out. Unparsable quantities are the component's and the namespace's validators' to report.
 */
function quotaProblems(
  model: ModelConfig,
  i: number,
  quota: { cpu: string; memory: string; gpus: number },
  n: number,
  used: { cpu: number; memory: number; gpus: number },
  at: (path: ArgPath, value: unknown, message: string) => void,
): void {
  const replicas = model.replicas ?? MODEL_SERVER_DEFAULTS.replicas;
  const checks: [keyof Quota, number | undefined, number | undefined, string, unknown][] = [
    ["gpus", model.resources.gpus, quota.gpus, String(quota.gpus), model.resources.gpus],
    ["cpu", parseQuantity(model.resources.cpu), parseQuantity(quota.cpu), quota.cpu, model.resources.cpu],
    [
      "memory",
      parseQuantity(model.resources.memory),
      parseQuantity(quota.memory),
      quota.memory,
      model.resources.memory,
    ],
  ];
  for (const [field, each, limit, shown, written] of checks) {
    if (each === undefined || limit === undefined) continue;
    used[field] += each * replicas;
    if (used[field] > limit * (1 + 1e-9))
      at(
        ["models", i, "resources", field],
        written,
        `× ${replicas} replica(s), with the models listed before it, exceeds the namespace's quota of ${shown} (expected all models' replicas within rampart:namespaces[${n}].quota.${field}: lower replicas or ${field}, or raise the quota)`,
      );
  }
}
