import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { GPU_TOLERATION } from "../compute/gpuNodePool.logic";
import { MODEL_SERVER_DEFAULTS, type ModelServerArgs, type ModelServerResources } from "./modelServer.args";
import { modelInitSteps } from "./modelServer.init";

/**
 * ModelServer's pure parts: names, the role's IAM document, the pod spec and the Kubernetes objects'
 * specs, built from plain values (and Inputs where a value comes from another resource) so that tests
 * read them without mocks. The component (modelServer.ts) only registers them.
 */

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;

/** Where things live in the pod. */
export const MODEL_SERVER_LAYOUT = {
  /** The model volume: the init steps write `<modelDir>/<prefix>...`, the server reads it read-only. */
  modelDir: "/models",
  /** The signing key's ConfigMap, mounted read-only. */
  keyDir: "/etc/rampart/signing",
  keyFile: "cosign.pub",
  /** The only writable path of every container (HOME, caches); the root filesystems are read-only. */
  scratchDir: "/tmp",
  /**
   * Scratch for caches (vLLM's torch.compile cache, Triton, Hugging Face's config). Counted in the
   * container's ephemeral-storage limit: size `resources.ephemeralStorage` for the model plus this.
   */
  scratchSize: "1Gi",
  /**
   * vLLM's processes share tensors through /dev/shm (tensor parallel workers, the V1 engine's message
   * queue); a container runtime's default /dev/shm is 64 MiB. Memory-backed, so it counts in the memory limit.
   * @see https://docs.vllm.ai/en/stable/deployment/k8s/ ("vLLM needs to access the host's shared memory")
   */
  shmSize: "2Gi",
} as const;

/** A numeric UID (Pod Security `restricted` needs runAsNonRoot; a name cannot be checked by the kubelet). */
export const MODEL_SERVER_UID = 10001;

/**
 * Istio's sidecar (UID 1337) starts after the init containers, yet istio-cni redirects their traffic to
 * it already: an init container that needs the network runs as the proxy's UID, which is not redirected.
 * Its egress is still bounded by the namespace's NetworkPolicies.
 * @see https://istio.io/latest/docs/setup/additional-setup/cni/#compatibility-with-application-init-containers
 */
export const ISTIO_PROXY_UID = 1337;

/** Small, equal requests and limits of each init step (fetch and hash: CPU-bound, little memory). */
export const INIT_RESOURCES = { cpu: "1", memory: "1Gi", "ephemeral-storage": "256Mi" } as const;

/** `rampart-<namespace>-<name>`: cluster-scoped, so the namespace keeps two models of one name apart. */
export const priorityClassName = (namespace: string, name: string): string => `rampart-${namespace}-${name}`;
export const signingKeyConfigMapName = (name: string): string => `${name}-signing-key`;

/** The pods' labels: `app` (the Service's and the mesh's selector) and the recommended ones. */
export function modelServerLabels(name: string): Record<string, string> {
  return {
    app: name,
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/component": "model-server",
    "app.kubernetes.io/part-of": "rampart",
    "app.kubernetes.io/managed-by": "pulumi",
  };
}

/**
 * The model server role's only permissions: read the objects under its model's prefix, list the bucket
 * within that prefix (the AWS CLI's recursive copy lists first), and decrypt with the models key only
 * when S3 asks on its behalf (SSE-KMS objects). No write, no delete, no other prefix, no direct KMS use.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys (s3:prefix)
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
export function modelReadPolicy(o: {
  bucketArn: string;
  prefix: string;
  modelsKeyArn: string;
  region: string;
}) {
  return {
    Version: "2012-10-17" as const,
    Statement: [
      {
        Sid: "ReadModelPrefix",
        Effect: "Allow" as const,
        Action: ["s3:GetObject"],
        Resource: [`${o.bucketArn}/${o.prefix}*`],
      },
      {
        Sid: "ListModelPrefix",
        Effect: "Allow" as const,
        Action: ["s3:ListBucket"],
        Resource: [o.bucketArn],
        Condition: { StringLike: { "s3:prefix": [`${o.prefix}*`] } },
      },
      {
        Sid: "DecryptThroughS3",
        Effect: "Allow" as const,
        Action: ["kms:Decrypt"],
        Resource: [o.modelsKeyArn],
        Condition: { StringEquals: { "kms:ViaService": `s3.${o.region}.amazonaws.com` } },
      },
    ],
  };
}

/**
 * A transcript writer's use of the privacy key: data keys and decryption only when S3 (the transcript
 * bucket) or DynamoDB (the consent ledger) asks on its behalf. The key policy admits the account's
 * principals through those services and leaves the choice of which ones to their IAM policies.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function privacyKeyPolicy(o: { privacyKeyArn: string; region: string }) {
  return {
    Version: "2012-10-17" as const,
    Statement: [
      {
        Sid: "PrivacyKeyThroughS3AndDynamoDb",
        Effect: "Allow" as const,
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [o.privacyKeyArn],
        Condition: {
          StringEquals: {
            "kms:ViaService": [`s3.${o.region}.amazonaws.com`, `dynamodb.${o.region}.amazonaws.com`],
          },
        },
      },
    ],
  };
}

/** The same limits as requests: the pod is Guaranteed for what it bounds, and GPUs cannot differ anyway. */
export function serverResources(r: ModelServerResources) {
  const bound = {
    cpu: r.cpu,
    memory: r.memory,
    "ephemeral-storage": r.ephemeralStorage,
    "nvidia.com/gpu": String(r.gpus),
  };
  return { requests: { ...bound }, limits: { ...bound } };
}

/**
 * The vLLM OpenAI server's arguments. The model is a local directory (no hub id, nothing to download);
 * weights load from safetensors only (a pickle checkpoint runs code when loaded); no `--trust-remote-code`.
 * @see https://docs.vllm.ai/en/stable/configuration/engine_args/ (--model, --load-format, --tensor-parallel-size)
 * @see https://docs.vllm.ai/en/stable/cli/serve/ (--served-model-name, --port)
 */
export function serverArgs(o: {
  modelPath: string;
  servedModelName: string;
  port: number;
  gpus: number;
  extraArgs: readonly string[];
}): string[] {
  return [
    "--model",
    o.modelPath,
    "--served-model-name",
    o.servedModelName,
    "--port",
    String(o.port),
    "--tensor-parallel-size",
    String(o.gpus),
    "--load-format",
    "safetensors",
    ...o.extraArgs,
  ];
}

/**
 * The server's environment: offline (Hugging Face libraries load only local files), no usage statistics
 * sent to vLLM's server, every cache and config directory on the scratch volume (the root filesystem is
 * read-only and HOME in the image is /root, which a non-root UID cannot write).
 * @see https://huggingface.co/docs/huggingface_hub/package_reference/environment_variables#hfhuboffline
 * @see https://huggingface.co/docs/transformers/installation#offline-mode (TRANSFORMERS_OFFLINE)
 * @see https://docs.vllm.ai/en/stable/configuration/env_vars/ (VLLM_CACHE_ROOT, VLLM_CONFIG_ROOT, VLLM_NO_USAGE_STATS, DO_NOT_TRACK)
 * @see https://docs.vllm.ai/en/stable/usage/usage_stats/ (opting out)
 * USER: the numeric UID has no passwd entry, and PyTorch names its compile cache after
 * `getpass.getuser()`, which reads USER before the passwd database:
 * @see https://docs.python.org/3/library/getpass.html#getpass.getuser
 */
export function serverEnv(): { name: string; value: string }[] {
  const s = MODEL_SERVER_LAYOUT.scratchDir;
  return [
    { name: "HF_HUB_OFFLINE", value: "1" },
    { name: "TRANSFORMERS_OFFLINE", value: "1" },
    { name: "VLLM_NO_USAGE_STATS", value: "1" },
    { name: "DO_NOT_TRACK", value: "1" },
    { name: "HOME", value: s },
    { name: "XDG_CACHE_HOME", value: `${s}/.cache` },
    { name: "XDG_CONFIG_HOME", value: `${s}/.config` },
    { name: "HF_HOME", value: `${s}/.cache/huggingface` },
    { name: "VLLM_CACHE_ROOT", value: `${s}/.cache/vllm` },
    { name: "VLLM_CONFIG_ROOT", value: `${s}/.config/vllm` },
    { name: "TRITON_CACHE_DIR", value: `${s}/.triton` },
    { name: "TORCHINDUCTOR_CACHE_DIR", value: `${s}/.cache/torchinductor` },
    { name: "USER", value: "model-server" },
  ];
}

/**
 * Pod Security `restricted`, per container: no privilege escalation, every capability dropped, non-root
 * by numeric UID, RuntimeDefault seccomp, read-only root filesystem.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export function restrictedContainerContext(uid: number) {
  return {
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: MODEL_SERVER_UID,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** What the pod spec needs, resolved: the component passes its Args with defaults applied. */
export interface PodSpecInput {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly images: ModelServerArgs["images"];
  readonly bucketName: pulumi.Input<string>;
  readonly prefix: string;
  readonly region: string;
  readonly servedModelName: string;
  readonly port: number;
  readonly extraArgs: readonly string[];
  readonly resources: ModelServerResources;
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

const PROBE_PATH = "/health";

/**
 * The pod: init steps that fetch and verify the model into the model volume (fail closed: a failed init
 * container keeps the server from starting), then the server reading that volume read-only.
 */
export function modelServerPodSpec(o: PodSpecInput): PodSpec {
  const L = MODEL_SERVER_LAYOUT;
  const publicKeyPath = `${L.keyDir}/${L.keyFile}`;
  const steps = modelInitSteps({
    images: { fetch: o.images.fetch, verify: o.images.verify },
    bucket: o.bucketName,
    prefix: o.prefix,
    region: o.region,
    modelDir: L.modelDir,
    publicKeyPath,
  });
  const initContainers: Container[] = steps.map((s) => ({
    name: s.name,
    image: s.image,
    command: s.command,
    args: s.args,
    env: [...s.env, ...(s.env.some((e) => e.name === "HOME") ? [] : [{ name: "HOME", value: L.scratchDir }])],
    resources: { requests: { ...INIT_RESOURCES }, limits: { ...INIT_RESOURCES } },
    securityContext: restrictedContainerContext(ISTIO_PROXY_UID),
    volumeMounts: [
      { name: "model", mountPath: L.modelDir },
      { name: "signing-key", mountPath: L.keyDir, readOnly: true },
      { name: "scratch", mountPath: L.scratchDir },
    ],
  }));

  const probe = (periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path: PROBE_PATH, port: "http" },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold,
  });
  const server: Container = {
    name: "server",
    image: o.images.server,
    args: serverArgs({
      modelPath: `${L.modelDir}/${o.prefix.replace(/\/$/, "")}`,
      servedModelName: o.servedModelName,
      port: o.port,
      gpus: o.resources.gpus,
      extraArgs: o.extraArgs,
    }),
    env: serverEnv(),
    ports: [{ name: "http", containerPort: o.port, protocol: "TCP" }],
    resources: serverResources(o.resources),
    securityContext: restrictedContainerContext(MODEL_SERVER_UID),
    volumeMounts: [
      { name: "model", mountPath: L.modelDir, readOnly: true },
      { name: "scratch", mountPath: L.scratchDir },
      { name: "shm", mountPath: "/dev/shm" },
    ],
    // Loading weights onto GPUs takes minutes: the startup probe allows up to 30 minutes, after which
    // liveness and readiness take over (they do not run until it succeeds).
    // https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
    // vLLM's OpenAI server answers GET /health once the engine is up:
    // https://docs.vllm.ai/en/stable/deployment/k8s/
    startupProbe: probe(10, 180),
    readinessProbe: probe(5, 3),
    livenessProbe: probe(10, 6),
  };

  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    // Soft: GPU capacity is scarce, and a replica left Pending is worse than two in one zone; the
    // PodDisruptionBudget keeps drains from taking both. matchLabelKeys keeps a rollout's old pods out.
    // https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: { app: o.name } },
    matchLabelKeys: ["pod-template-hash"],
  });

  return {
    serviceAccountName: o.serviceAccount,
    // No Kubernetes API token: the server does not call the API. EKS Pod Identity does not need one
    // either: its webhook adds its own projected token (audience pods.eks.amazonaws.com) and the
    // AWS_CONTAINER_CREDENTIALS_FULL_URI / AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE variables.
    // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
    automountServiceAccountToken: false,
    // Service links would put VLLM_* variables in the environment for a Service named "vllm", which
    // vLLM reads as its own settings: https://docs.vllm.ai/en/stable/configuration/env_vars/
    enableServiceLinks: false,
    priorityClassName: priorityClassName(o.namespace, o.name),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: MODEL_SERVER_UID,
      runAsGroup: MODEL_SERVER_UID,
      fsGroup: MODEL_SERVER_UID,
      seccompProfile: { type: "RuntimeDefault" },
    },
    tolerations: [{ ...GPU_TOLERATION }],
    ...(o.nodeSelector && Object.keys(o.nodeSelector).length > 0
      ? { nodeSelector: { ...o.nodeSelector } }
      : {}),
    topologySpreadConstraints: [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")],
    terminationGracePeriodSeconds: 60,
    initContainers,
    containers: [server],
    volumes: [
      { name: "model", emptyDir: { sizeLimit: o.resources.ephemeralStorage } },
      { name: "scratch", emptyDir: { sizeLimit: L.scratchSize } },
      { name: "shm", emptyDir: { medium: "Memory", sizeLimit: L.shmSize } },
      {
        name: "signing-key",
        configMap: { name: signingKeyConfigMapName(o.name), items: [{ key: L.keyFile, path: L.keyFile }] },
      },
    ],
  };
}

/**
 * The Deployment's spec. Rollouts replace one pod at a time without a surge pod (a surge needs a spare
 * GPU node); a long progress deadline covers fetching and loading a model.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
export function deploymentSpec(o: PodSpecInput & { readonly replicas: number }) {
  return {
    replicas: o.replicas,
    selector: { matchLabels: { app: o.name } },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    progressDeadlineSeconds: 3600,
    revisionHistoryLimit: 5,
    template: { metadata: { labels: modelServerLabels(o.name) }, spec: modelServerPodSpec(o) },
  };
}

/**
 * The Service the mesh routes to: ClusterIP, one port named `http` with appProtocol http, so Istio treats
 * it as HTTP (routing, retries, AuthorizationPolicy on paths).
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export function serviceSpec(name: string, port: number) {
  return {
    type: "ClusterIP",
    selector: { app: name },
    ports: [{ name: "http", port, targetPort: "http", protocol: "TCP", appProtocol: "http" }],
  };
}

/**
 * One pod may be evicted at a time; a pod that is not Ready may always be (a crash-looping replica must
 * not block a node drain).
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy
 */
export function pdbSpec(name: string) {
  return {
    maxUnavailable: 1,
    selector: { matchLabels: { app: name } },
    unhealthyPodEvictionPolicy: "AlwaysAllow",
  };
}

/**
 * The PriorityClass: ahead of ordinary pods in the scheduling queue, but non-preempting (`Never`): a new
 * or rolled-out model server waits for capacity (the GPU pool scales out) instead of evicting running
 * pods, which on a GPU node would be another model's server, an outage traded for an outage.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#non-preempting-priority-class
 */
export function priorityClassSpec(namespace: string, name: string, value: number) {
  return {
    metadata: { name: priorityClassName(namespace, name), labels: modelServerLabels(name) },
    value,
    globalDefault: false,
    preemptionPolicy: "Never",
    description: `Model server ${namespace}/${name}: scheduled ahead of ordinary pods, never preempts running ones.`,
  };
}

/** Args with defaults applied. */
export function resolveModelServerArgs(args: Omit<ModelServerArgs, "kubeProvider">) {
  const d = MODEL_SERVER_DEFAULTS;
  return {
    port: args.port ?? d.port,
    replicas: args.replicas ?? d.replicas,
    priority: args.priority ?? d.priority,
    extraArgs: args.extraArgs ?? d.extraArgs,
    servedModelName: args.servedModelName ?? args.name,
    region: args.region ?? args.registry.region,
  };
}
