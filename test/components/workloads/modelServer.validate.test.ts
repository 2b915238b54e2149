import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatProblem } from "../../../components/shared/problems";
import { flagOf, validateModelServerArgs } from "../../../components/workloads/modelServer.validate";
import { digest, modelServerArgs, REGISTRY } from "./modelServerFixture";

const problems = (edit: (a: any) => void) => {
  const a: any = structuredClone(modelServerArgs());
  edit(a);
  return validateModelServerArgs(a).map((p) => formatProblem(p));
};

describe("validateModelServerArgs", () => {
  test("the fixture is valid", () => assert.deepEqual(validateModelServerArgs(modelServerArgs()), []));

  test("bad args: one problem per field, naming the field, the value and the fix", () => {
    const out = problems((a) => {
      a.name = "Llama_3";
      a.namespace = "";
      a.serviceAccount = "-sa";
      a.images.server = `${REGISTRY}/rampart-prod/vllm-openai:v0.11.0`;
      a.images.fetch = `docker.io/amazon/aws-cli@${digest("b")}`;
      a.images.verify = `${REGISTRY}/other/cosign@${digest("c")}`;
      a.model.prefix = "llama/../other/";
      a.resources = { cpu: "lots", memory: "64Gi", ephemeralStorage: "-1Gi", gpus: 0.5 };
      a.replicas = 0;
      a.port = 80;
      a.extraArgs = ["--max-model-len", "8192", "--trust-remote-code"];
    });
    assert.deepEqual(out, [
      'name: "Llama_3" is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit)',
      'namespace: "" is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit)',
      'serviceAccount: "-sa" is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit)',
      `images.server: "${REGISTRY}/rampart-prod/vllm-openai:v0.11.0" is not an image in a private ECR registry by digest (expected "<12 digits>.dkr.ecr.eu-west-1.amazonaws.com/<repository>@sha256:<64 hex>")`,
      `images.fetch: ${JSON.stringify(`docker.io/amazon/aws-cli@${digest("b")}`).slice(0, 77)}... is not an image in a private ECR registry by digest (expected "<12 digits>.dkr.ecr.eu-west-1.amazonaws.com/<repository>@sha256:<64 hex>")`,
      `images.verify: ${JSON.stringify(`${REGISTRY}/other/cosign@${digest("c")}`).slice(0, 77)}... is not in one of the registry's repositories (expected one of rampart-prod/vllm-openai, rampart-prod/aws-cli, rampart-prod/cosign)`,
      'model.prefix: "llama/../other/" must be relative, without "." or ".." segments (expected e.g. "llama-3.1-8b/2026-11-30/")',
      'resources.cpu: "lots" is not a positive Kubernetes quantity (expected e.g. "8", "64Gi", "200Gi")',
      'resources.ephemeralStorage: "-1Gi" is not a positive Kubernetes quantity (expected e.g. "8", "64Gi", "200Gi")',
      "resources.gpus: 0.5 is not a whole number of GPUs of at least 1",
      "replicas: 0 is not a whole number of at least 1 (2 or more keeps the model up through drains)",
      "port: 80 is not an unprivileged TCP port (expected 1024-65535)",
      'extraArgs[2]: "--trust-remote-code" runs Python code shipped with the model (remove it; use a model vLLM supports natively)',
    ]);
  });

  test("extraArgs: remote code and hub downloads refused however written; ordinary tuning flags pass", () => {
    const refused = [
      "--trust-remote-code",
      "--trust_remote_code",
      "--trust-remote-code=true",
      "--download-dir=/tmp/x",
      "--revision",
      "--tokenizer-revision",
      "--tokenizer",
      "--hf-token",
      "--load-format=pt",
      "--model",
      "-tp",
    ];
    for (const flag of refused) assert.equal(problems((a) => (a.extraArgs = [flag])).length, 1, flag);
    assert.deepEqual(
      problems(
        (a) =>
          (a.extraArgs = [
            "--max-model-len",
            "8192",
            "--gpu-memory-utilization=0.9",
            "--enable-prefix-caching",
          ]),
      ),
      [],
    );
    assert.equal(flagOf("--Trust_remote_code=1"), "--Trust-remote-code");
    assert.equal(flagOf("8192"), undefined);
  });

  test("prefix: ends in '/', relative, no dot segments, S3-safe characters", () => {
    for (const bad of ["llama", "", "/llama/v1/", "llama/./v1/", "llama v1/", "../x/"])
      assert.equal(problems((a) => (a.model.prefix = bad)).length, 1, JSON.stringify(bad));
    assert.deepEqual(
      problems((a) => (a.model.prefix = "org/llama-3.1_8b/2026-11-30/")),
      [],
    );
  });

  test("images: another region, tag plus digest, a public registry are refused", () => {
    for (const bad of [
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/rampart-prod/cosign@${digest("c")}`,
      `${REGISTRY}/rampart-prod/cosign:v2@${digest("c")}`,
      `public.ecr.aws/rampart-prod/cosign@${digest("c")}`,
      `${REGISTRY}/rampart-prod/cosign@sha256:${"C".repeat(64)}`,
    ])
      assert.equal(problems((a) => (a.images.verify = bad)).length, 1, bad);
  });

  test("ports Istio's sidecar owns, names too long for IAM, and the region are checked", () => {
    assert.equal(problems((a) => (a.port = 15006)).length, 1);
    assert.equal(problems((a) => (a.name = "m".repeat(60))).length, 1);
    assert.equal(problems((a) => (a.region = "Ireland")).length, 1);
    assert.equal(problems((a) => (a.priority = 2_000_000_000)).length, 1);
    assert.equal(problems((a) => (a.registry.repositories = [])).length, 4, "the list and the three images");
  });
});
