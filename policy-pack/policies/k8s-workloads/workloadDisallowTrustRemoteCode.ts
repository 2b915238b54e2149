import { containersOf, workloadPolicy } from "../../lib/k8s";
import { asArray, asObject, asString, at } from "../../lib/values";

const FLAG = "--trust-remote-code";
const FALSE = new Set(["false", "0", "no", "off"]);
const TRUE = new Set(["true", "1", "yes", "on"]);

/**
 * The arguments of a container that switch remote code on: `--trust-remote-code` as vLLM, SGLang and
 * TGI's launcher spell it, with `_` for `-` (vLLM's parser accepts both), `=true`, and inside a shell
 * string (`sh -c "vllm serve … --trust-remote-code"`). `=false` and `--no-trust-remote-code` switch it off.
 */
export function trustRemoteCodeArgs(words: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const s = asString(word);
    if (s === undefined) continue;
    for (const raw of s.split(/\s+/)) {
      const token = raw.replace(/^['"]+|['"]+$/g, "");
      if (!token.startsWith("--")) continue;
      const [name, value] = token.split("=", 2) as [string, string | undefined];
      if (`--${name.slice(2).replace(/_/g, "-").toLowerCase()}` !== FLAG) continue;
      if (value === undefined || !FALSE.has(value.toLowerCase())) out.push(token);
    }
  }
  return out;
}

/**
 * @see https://docs.vllm.ai/en/stable/configuration/engine_args/ (--trust-remote-code)
 * @see https://github.com/sgl-project/sglang/blob/main/python/sglang/srt/server_args.py (--trust-remote-code)
 * @see https://github.com/huggingface/text-generation-inference/blob/main/launcher/src/main.rs (`trust_remote_code`, `#[clap(long, env)]`: --trust-remote-code or TRUST_REMOTE_CODE)
 * @see https://huggingface.co/docs/transformers/models#custom-models (trust_remote_code runs the repository's code)
 */
export const workloadDisallowTrustRemoteCode = workloadPolicy({
  name: "kubernetes-workload-disallow-trust-remote-code",
  description:
    "Containers must not run a model server with remote code enabled: --trust-remote-code (vLLM, SGLang, " +
    "Text Generation Inference; any spelling, also inside a shell command) or TRUST_REMOTE_CODE=true (TGI's " +
    "launcher reads it). It makes the server import and run Python files shipped with the model, so whoever " +
    "can change the model's files runs code in the server, with its GPU, its credentials and the prompts it " +
    "sees; verified digests do not help when the reviewed files are themselves code.",
  // No catalog checks model-server flags; CKV_K8S_159 (git-sync's GITSYNC_GIT runs a program from
  // outside the image) is the closest general control: code that did not ship in the image runs in the pod.
  catalog: ["CKV_K8S_159"],
  remediation:
    "Remove --trust-remote-code from command and args (and TRUST_REMOTE_CODE from env) and serve an architecture the server supports natively.",
  check: ({ podSpec }) => {
    const out: string[] = [];
    for (const ref of containersOf(podSpec)) {
      const words = [...asArray(ref.container.command), ...asArray(ref.container.args)];
      for (const token of trustRemoteCodeArgs(words))
        out.push(
          `${ref.label} runs with ${token}: the model's own Python code would run in the server; remove it ` +
            "and serve an architecture the server supports natively.",
        );
      for (const e of asArray(ref.container.env)) {
        const env = asObject(e);
        const value = asString(at(env, "value"));
        if (
          asString(env?.name) === "TRUST_REMOTE_CODE" &&
          value !== undefined &&
          TRUE.has(value.toLowerCase())
        )
          out.push(
            `${ref.label} sets TRUST_REMOTE_CODE=${value}: the model's own Python code would run in the ` +
              "server; remove it and serve an architecture the server supports natively.",
          );
      }
    }
    return out;
  },
});
