import { type ArgPath, type ArgProblem, Problems } from "../shared/problems";
import { dnsLabelProblem, tagArgProblems } from "../shared/rules";
import { parseQuantity } from "./inferenceNamespace.logic";
import type { ModelServerArgs } from "./modelServer.args";

/**
 * Server flags refused in `extraArgs`: each runs code from, or downloads from, outside the verified model.
 * - `--trust-remote-code`: runs the model repository's Python (vLLM, SGLang, TGI's launcher alike).
 * - `--download-dir`, `--revision`, `--code-revision`, `--tokenizer-revision`, `--hf-token`,
 *   `--hf-overrides`: meaningful only for a hub download, or alter the verified config.
 * - `--tokenizer`: would load a tokenizer other than the verified one (a hub id downloads).
 * - `--load-format`: the server loads safetensors only (pickle checkpoints run code when loaded).
 * - `--model` / `--served-model-name` / `--port` / `--tensor-parallel-size`: set from the Args.
 * vLLM's parser accepts `_` for `-` and `--flag=value`; both are matched.
 * @see https://docs.vllm.ai/en/stable/configuration/engine_args/
 * @see https://github.com/sgl-project/sglang/blob/main/python/sglang/srt/server_args.py (--trust-remote-code)
 * @see https://github.com/huggingface/text-generation-inference/blob/main/launcher/src/main.rs (--trust-remote-code, env TRUST_REMOTE_CODE)
 */
export const REFUSED_SERVER_FLAGS: Readonly<Record<string, string>> = {
  "--trust-remote-code":
    "runs Python code shipped with the model (remove it; use a model vLLM supports natively)",
  "--download-dir": "points the server at a download cache (the model is a verified local directory)",
  "--revision": "selects a hub revision (the model version is the prefix in the model store)",
  "--code-revision": "selects a hub revision of remote code (remote code is refused)",
  "--tokenizer-revision": "selects a hub revision (the tokenizer ships in the verified model directory)",
  "--tokenizer": "loads a tokenizer from outside the verified model directory (remove it)",
  "--hf-token": "is a hub credential (nothing is downloaded at start)",
  "--hf-overrides": "overrides the verified model configuration (change the model version instead)",
  "--load-format": "is set to safetensors (pickle checkpoints run code when loaded)",
  "--model": "is set from model.prefix",
  "--served-model-name": "is set from servedModelName",
  "--port": "is set from port",
  "--tensor-parallel-size": "is set from resources.gpus",
  "-tp": "is set from resources.gpus",
};

/** The flag an argument names, normalised (`--trust_remote_code=true` → `--trust-remote-code`), or undefined. */
export function flagOf(arg: string): string | undefined {
  if (!arg.startsWith("-")) return undefined;
  const name = arg.split("=", 1)[0]!;
  return name.startsWith("--") ? `--${name.slice(2).replace(/_/g, "-")}` : name;
}

const DIGEST_REF =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+)@sha256:[0-9a-f]{64}$/;

/** Why an image reference is not one of our repositories by digest, or undefined. */
function imageProblem(image: unknown, region: string, repositories: readonly string[]): string | undefined {
  const example = `"<12 digits>.dkr.ecr.${region}.amazonaws.com/<repository>@sha256:<64 hex>"`;
  if (typeof image !== "string") return `is not an image reference (expected ${example})`;
  const m = DIGEST_REF.exec(image);
  if (!m) return `is not an image in a private ECR registry by digest (expected ${example})`;
  if (m[2] !== region) return `is not in the registry's region ${region} (expected ${example})`;
  if (!repositories.includes(m[3]!))
    return `is not in one of the registry's repositories (expected one of ${repositories.join(", ") || "none configured"})`;
  return undefined;
}

/** Every problem with the arguments (field, value, fix); empty when valid. */
export function validateModelServerArgs(args: Omit<ModelServerArgs, "kubeProvider">): ArgProblem[] {
  const found = new Problems();
  const at = (path: ArgPath, value: unknown, message: string) => found.at(path, value, message);
  const label = (path: ArgPath, value: unknown) => {
    const p = dnsLabelProblem(value);
    if (p) at(path, value, p);
  };

  label(["name"], args.name);
  label(["namespace"], args.namespace);
  label(["serviceAccount"], args.serviceAccount);
  // The PriorityClass `rampart-<namespace>-<name>` is a DNS subdomain (253 characters).
  if (`rampart-${args.namespace}-${args.name}`.length > 253)
    at(["name"], args.name, "with the namespace makes a PriorityClass name over 253 characters (shorten it)");
  // The IAM role `<namePrefix>-model-<name>` is at most 64 characters.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
  if (typeof args.namePrefix !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(args.namePrefix))
    at(["namePrefix"], args.namePrefix, 'is not a name prefix (expected "<project>-<stack>", lowercase)');
  else if (typeof args.name === "string" && `${args.namePrefix}-model-${args.name}`.length > 64)
    at(
      ["name"],
      args.name,
      `makes the role name "${args.namePrefix}-model-${args.name}" longer than IAM's 64 characters`,
    );

  const region = args.registry?.region;
  if (typeof region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    at(["registry", "region"], region, 'is not an AWS region (expected e.g. "eu-west-1")');
  const repositories = Array.isArray(args.registry?.repositories) ? args.registry.repositories : [];
  if (repositories.length === 0)
    at(
      ["registry", "repositories"],
      args.registry?.repositories,
      "is empty (expected SupplyChain's repositories)",
    );
  if (
    args.region !== undefined &&
    (typeof args.region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region))
  )
    at(["region"], args.region, 'is not an AWS region (expected e.g. "eu-west-1")');
  if (typeof region === "string")
    for (const key of ["server", "fetch", "verify"] as const) {
      const p = imageProblem(args.images?.[key], region, repositories);
      if (p) at(["images", key], args.images?.[key], p);
    }

  const prefix = args.model?.prefix;
  if (typeof prefix !== "string" || prefix === "" || !prefix.endsWith("/"))
    at(
      ["model", "prefix"],
      prefix,
      'is not a model version prefix (expected e.g. "llama-3.1-8b/2026-11-30/", ending in "/")',
    );
  else if (prefix.startsWith("/") || prefix.split("/").some((s) => s === ".." || s === "."))
    at(
      ["model", "prefix"],
      prefix,
      'must be relative, without "." or ".." segments (expected e.g. "llama-3.1-8b/2026-11-30/")',
    );
  else if (!/^[A-Za-z0-9!_.*'()/-]+$/.test(prefix))
    at(
      ["model", "prefix"],
      prefix,
      "has characters outside S3's safe set (use letters, digits, and !_.*'()-/)",
    );

  const r = args.resources;
  for (const [key, value] of [
    ["cpu", r?.cpu],
    ["memory", r?.memory],
    ["ephemeralStorage", r?.ephemeralStorage],
  ] as const) {
    const n = typeof value === "string" ? parseQuantity(value) : undefined;
    if (n === undefined || n <= 0)
      at(
        ["resources", key],
        value,
        'is not a positive Kubernetes quantity (expected e.g. "8", "64Gi", "200Gi")',
      );
  }
  if (!Number.isInteger(r?.gpus) || (r?.gpus ?? 0) < 1)
    at(["resources", "gpus"], r?.gpus, "is not a whole number of GPUs of at least 1");

  if (args.replicas !== undefined && (!Number.isInteger(args.replicas) || args.replicas < 1))
    at(
      ["replicas"],
      args.replicas,
      "is not a whole number of at least 1 (2 or more keeps the model up through drains)",
    );
  if (args.port !== undefined && (!Number.isInteger(args.port) || args.port < 1024 || args.port > 65535))
    at(["port"], args.port, "is not an unprivileged TCP port (expected 1024-65535)");
  // Istio's sidecar owns these ports in every meshed pod.
  // https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
  else if (
    args.port !== undefined &&
    [15000, 15001, 15004, 15006, 15008, 15020, 15021, 15053, 15090].includes(args.port)
  )
    at(["port"], args.port, "is a port Istio's sidecar uses (choose another, e.g. 8000)");
  if (
    args.priority !== undefined &&
    (!Number.isInteger(args.priority) || args.priority < 0 || args.priority > 1_000_000_000)
  )
    at(
      ["priority"],
      args.priority,
      "is not a user PriorityClass value (expected a whole number 0-1000000000)",
    );
  if (
    args.servedModelName !== undefined &&
    (typeof args.servedModelName !== "string" || !/^[\w.:/-]{1,128}$/.test(args.servedModelName))
  )
    at(
      ["servedModelName"],
      args.servedModelName,
      "is not a model name (expected up to 128 of letters, digits, . _ : / -)",
    );

  (args.extraArgs ?? []).forEach((arg, i) => {
    const flag = typeof arg === "string" ? flagOf(arg) : undefined;
    const why = flag !== undefined ? REFUSED_SERVER_FLAGS[flag] : undefined;
    if (typeof arg !== "string") at(["extraArgs", i], arg, "is not a string");
    else if (why) at(["extraArgs", i], arg, why);
  });

  if (args.nodeSelector)
    for (const [k, v] of Object.entries(args.nodeSelector))
      if (typeof v !== "string" || k === "")
        at(["nodeSelector", k], v, "is not a label value (expected a string)");

  for (const p of tagArgProblems(args.tags)) found.at(p.path, p.value, p.message);
  return found.list;
}
