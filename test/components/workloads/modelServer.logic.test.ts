import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluate, parsePolicyDocument, type SourcedPolicy } from "../../../cli/verify/iam";
import { GPU_TOLERATION } from "../../../components/compute/gpuNodePool.logic";
import {
  deploymentSpec,
  MODEL_SERVER_LAYOUT,
  modelReadPolicy,
  modelServerPodSpec,
  type PodSpecInput,
  priorityClassSpec,
  resolveModelServerArgs,
  serverArgs,
} from "../../../components/workloads/modelServer.logic";
import { restrictedViolations } from "../../helpers/podSecurity";
import { ACCT, BUCKET, BUCKET_ARN, KEY_ARN, modelServerArgs, PREFIX, REGION } from "./modelServerFixture";

function podInput(edit?: (o: any) => void): PodSpecInput {
  const a = modelServerArgs();
  const r = resolveModelServerArgs(a);
  const o: any = {
    name: a.name,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    images: a.images,
    bucketName: BUCKET,
    prefix: a.model.prefix,
    region: r.region,
    servedModelName: r.servedModelName,
    port: r.port,
    extraArgs: r.extraArgs,
    resources: a.resources,
    nodeSelector: a.nodeSelector,
  };
  edit?.(o);
  return o;
}

const spec = (edit?: (o: any) => void): any => modelServerPodSpec(podInput(edit));
const server = (s: any) => s.containers.find((c: any) => c.name === "server");

describe("ModelServer pod spec", () => {
  test("passes Pod Security restricted (every control of the standard)", () => {
    assert.deepEqual(restrictedViolations(spec()), []);
  });

  test("the Pod Security check sees the flaws it is for (the helper is not vacuous)", () => {
    const s = spec();
    server(s).securityContext.allowPrivilegeEscalation = true;
    s.initContainers[0].securityContext.capabilities = { add: ["SYS_ADMIN"] };
    s.volumes.push({ name: "host", hostPath: { path: "/" } });
    delete s.securityContext.seccompProfile;
    s.initContainers[1].securityContext.seccompProfile = { type: "Unconfined" };
    s.hostNetwork = true;
    s.containers[0].securityContext.runAsUser = 0;
    const [first, second] = [s.initContainers[0].name, s.initContainers[1].name];
    assert.deepEqual(
      restrictedViolations(s).sort(),
      [
        "containers[server]: allowPrivilegeEscalation is not false",
        "containers[server]: runAsUser 0",
        `initContainers[${first}]: capabilities.drop lacks ALL`,
        `initContainers[${first}]: capability SYS_ADMIN added (baseline)`,
        `initContainers[${second}]: seccomp Unconfined`,
        `initContainers[${second}]: seccomp profile is not RuntimeDefault or Localhost`,
        "pod: hostNetwork",
        "volume host: type hostPath not allowed",
      ].sort(),
    );
  });

  test("the server mounts the model read-only; the init steps write it; the signing key is read-only everywhere", () => {
    const s = spec();
    const mount = (c: any, name: string) => c.volumeMounts.find((m: any) => m.name === name);
    assert.deepEqual(mount(server(s), "model"), { name: "model", mountPath: "/models", readOnly: true });
    for (const c of s.initContainers) {
      assert.equal(mount(c, "model").readOnly, undefined, `${c.name} writes the model`);
      assert.equal(mount(c, "signing-key").readOnly, true);
    }
    assert.deepEqual(
      s.volumes.find((v: any) => v.name === "model"),
      { name: "model", emptyDir: { sizeLimit: "100Gi" } },
    );
    assert.deepEqual(s.volumes.find((v: any) => v.name === "shm").emptyDir, {
      medium: "Memory",
      sizeLimit: "2Gi",
    });
  });

  test("every container bounds cpu, memory and ephemeral storage with requests equal to limits; the server its GPUs too", () => {
    const s = spec();
    for (const c of [...s.initContainers, ...s.containers]) {
      for (const k of ["cpu", "memory", "ephemeral-storage"]) {
        assert.ok(c.resources.limits[k], `${c.name} limits ${k}`);
        assert.equal(c.resources.requests[k], c.resources.limits[k], `${c.name} requests = limits for ${k}`);
      }
    }
    assert.deepEqual(server(s).resources, {
      requests: { cpu: "8", memory: "64Gi", "ephemeral-storage": "100Gi", "nvidia.com/gpu": "2" },
      limits: { cpu: "8", memory: "64Gi", "ephemeral-storage": "100Gi", "nvidia.com/gpu": "2" },
    });
  });

  test("the server: local model, tensor parallel = GPUs, safetensors only, offline, no remote code, caches on scratch", () => {
    const c = server(spec());
    assert.deepEqual(c.args, [
      "--model",
      "/models/llama-3.1-8b/2026-11-30",
      "--served-model-name",
      "llama",
      "--port",
      "8000",
      "--tensor-parallel-size",
      "2",
      "--load-format",
      "safetensors",
    ]);
    assert.equal(c.command, undefined, "the image's entrypoint (vllm serve / the OpenAI server module) runs");
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    assert.equal(env.HF_HUB_OFFLINE, "1");
    assert.equal(env.TRANSFORMERS_OFFLINE, "1");
    assert.equal(env.VLLM_NO_USAGE_STATS, "1");
    for (const k of [
      "HOME",
      "XDG_CACHE_HOME",
      "XDG_CONFIG_HOME",
      "HF_HOME",
      "VLLM_CACHE_ROOT",
      "VLLM_CONFIG_ROOT",
      "TRITON_CACHE_DIR",
      "TORCHINDUCTOR_CACHE_DIR",
    ])
      assert.ok(String(env[k]).startsWith(MODEL_SERVER_LAYOUT.scratchDir), `${k} is writable`);
    assert.ok(!c.args.some((a: string) => /trust.remote.code/.test(a)));
  });

  test("probes: a startup probe for model loading, then readiness and liveness on /health", () => {
    const c = server(spec());
    assert.equal(c.startupProbe.httpGet.path, "/health");
    assert.ok(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 1800);
    assert.equal(c.readinessProbe.httpGet.path, "/health");
    assert.equal(c.livenessProbe.httpGet.path, "/health");
  });

  test("scheduling: GPU toleration, node selector, spread over zones and hosts, priority class, no token, no service links", () => {
    const s = spec();
    assert.deepEqual(s.tolerations, [GPU_TOLERATION]);
    assert.deepEqual(s.nodeSelector, { "rampart.io/gpu-pool": "inference" });
    assert.deepEqual(
      s.topologySpreadConstraints.map((t: any) => t.topologyKey),
      ["topology.kubernetes.io/zone", "kubernetes.io/hostname"],
    );
    assert.equal(s.priorityClassName, "rampart-llm-inference-llama");
    assert.equal(s.automountServiceAccountToken, false);
    assert.equal(s.enableServiceLinks, false);
    assert.equal(spec((o) => delete o.nodeSelector).nodeSelector, undefined);
  });

  test("the Deployment selects on app only; the template carries the recommended labels", () => {
    const d = deploymentSpec({ ...podInput(), replicas: 3 });
    assert.deepEqual(d.selector, { matchLabels: { app: "llama" } });
    assert.equal(d.template.metadata.labels["app.kubernetes.io/name"], "llama");
    assert.equal(d.replicas, 3);
  });

  test("the PriorityClass is non-preempting", () => {
    assert.equal(priorityClassSpec("ns", "m", 5).preemptionPolicy, "Never");
    assert.equal(priorityClassSpec("ns", "m", 5).value, 5);
  });

  test("extra args follow ours", () => {
    assert.deepEqual(
      serverArgs({
        modelPath: "/m",
        servedModelName: "x",
        port: 1,
        gpus: 1,
        extraArgs: ["--max-model-len", "8192"],
      }).slice(-2),
      ["--max-model-len", "8192"],
    );
  });
});

describe("ModelServer role policy (evaluated with rampart verify's IAM evaluator)", () => {
  const doc = modelReadPolicy({
    bucketArn: BUCKET_ARN,
    prefix: PREFIX,
    modelsKeyArn: KEY_ARN,
    region: REGION,
  });
  const parsed = parsePolicyDocument(doc, "identity");
  const policy: SourcedPolicy = {
    kind: "identity",
    urn: "urn:test:model",
    property: "policy",
    document: parsed.document,
  };

  const decide = (action: string, resource: string, context: Record<string, string> = {}) =>
    evaluate(
      {
        principal: {
          type: "aws",
          arn: `arn:aws:sts::${ACCT}:assumed-role/rampart-prod-model-llama/s`,
          account: ACCT,
        },
        action,
        resource,
        context: { "aws:ResourceAccount": ACCT, ...context },
      },
      {
        identity: { mode: "export", policies: [policy], managed: [] },
        resource: "none",
        resourceKind: "generic",
        resourceAccount: ACCT,
      },
    ).decision;

  test("the document follows IAM's grammar", () => assert.deepEqual(parsed.problems, []));
  test("reads its model's prefix", () =>
    assert.equal(decide("s3:GetObject", `${BUCKET_ARN}/${PREFIX}model-00001.safetensors`), "allow"));
  test("does not read another model or version", () => {
    assert.equal(decide("s3:GetObject", `${BUCKET_ARN}/llama-3.1-8b/2026-10-01/model.safetensors`), "deny");
    assert.equal(decide("s3:GetObject", `${BUCKET_ARN}/other/${PREFIX}x`), "deny");
  });
  test("does not write, delete or change the bucket", () => {
    for (const a of ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention"])
      assert.equal(decide(a, `${BUCKET_ARN}/${PREFIX}x`), "deny", a);
    assert.equal(decide("s3:PutBucketPolicy", BUCKET_ARN), "deny");
  });
  test("lists only within the prefix", () => {
    assert.equal(decide("s3:ListBucket", BUCKET_ARN, { "s3:prefix": `${PREFIX}` }), "allow");
    assert.equal(decide("s3:ListBucket", BUCKET_ARN, { "s3:prefix": "llama-3.1-8b/" }), "deny");
    assert.equal(decide("s3:ListBucket", BUCKET_ARN), "deny");
  });
  test("decrypts with the models key only through S3 in its region", () => {
    assert.equal(decide("kms:Decrypt", KEY_ARN, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "allow");
    assert.equal(decide("kms:Decrypt", KEY_ARN), "deny");
    assert.equal(decide("kms:Decrypt", KEY_ARN, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }), "deny");
    assert.equal(decide("kms:Encrypt", KEY_ARN, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "deny");
  });
});
