import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `ModelServer` (`rampart:workloads:ModelServer`): one model served in an inference
 * namespace (vLLM by default), the backend the mesh routes to (Service `<name>`, pods labelled
 * `app: <name>`, the namespace's mesh endpoint of the same name and port).
 *
 * Before the server starts, init containers fetch the model's signed manifest and files from the model
 * store into a pod-local volume, verify the manifest's signature with the signing key's public key and
 * every file's SHA-256 against it (no file missing, none extra), and fail closed on any mismatch; the
 * server then mounts the volume read-only. Pod Security `restricted`; requests and limits for CPU,
 * memory, ephemeral storage and GPUs; a PodDisruptionBudget, a PriorityClass, probes, topology spread;
 * an IAM role (Pod Identity) that reads only the model's prefix. Types and defaults only.
 */

export interface ModelServerResources {
  /** CPU request and limit (Kubernetes quantity). */
  readonly cpu: string;
  /** Memory request and limit. */
  readonly memory: string;
  /** Ephemeral storage request and limit: the model files live in a pod-local volume of this size. */
  readonly ephemeralStorage: string;
  /** `nvidia.com/gpu` request and limit (whole GPUs; vLLM's `--tensor-parallel-size`). At least 1. */
  readonly gpus: number;
}

export interface ModelArtifact {
  /** The model store bucket (SupplyChain's). */
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  /**
   * The model version's prefix in the bucket, ending in `/` (e.g. `llama-3.1-8b/2026-11-30/`): the
   * manifest `MANIFEST.sha256`, its signature `MANIFEST.sha256.sig` and the files it lists. Rollback is this
   * value set to the previous version's prefix (the bucket is versioned and locked).
   */
  readonly prefix: string;
  /** The KeyRing's `models` key (objects are encrypted with it; decrypt through S3 only). */
  readonly modelsKeyArn: pulumi.Input<string>;
  /** PEM (SPKI) of the signing key's public key (SupplyChain's `signingPublicKeyPem`). */
  readonly signingPublicKeyPem: pulumi.Input<string>;
}

export interface ModelServerImages {
  /** The server: `<registry>/<repository>@sha256:<64 hex>` (by digest; our registry only). */
  readonly server: string;
  /** The fetch and digest-check step: an AWS CLI image with a POSIX shell and `sha256sum`, by digest. */
  readonly fetch: string;
  /** The signature check: a cosign image, by digest (`cosign verify-blob`). */
  readonly verify: string;
}

export interface ModelServerArgs {
  readonly kubeProvider: k8s.Provider;
  /** Prefix of AWS names: `<project>-<stack>` (the role `<namePrefix>-model-<name>`). */
  readonly namePrefix: string;
  /** The cluster name, for the Pod Identity association. */
  readonly clusterName: pulumi.Input<string>;
  /** An inference namespace (InferenceNamespace's, Pod Security `restricted`). */
  readonly namespace: string;
  /** DNS label: the Deployment, the Service and the `app` label; the mesh endpoint's name. */
  readonly name: string;
  /** The service account (one of the namespace's), bound to the model's role only. */
  readonly serviceAccount: string;
  readonly images: ModelServerImages;
  /**
   * Where images may come from: this account's private ECR registry in `region`
   * (`<12 digits>.dkr.ecr.<region>.amazonaws.com`) and one of SupplyChain's repositories
   * (`<namePrefix>/<name>`). Anything else is refused before any child is created.
   */
  readonly registry: { readonly region: string; readonly repositories: readonly string[] };
  /**
   * The AWS region of the model store and the cluster: the init step's S3 endpoint and the `kms:ViaService`
   * condition (`s3.<region>.amazonaws.com`) of the role's decrypt grant.
   * @default `registry.region`
   */
  readonly region?: string;
  readonly model: ModelArtifact;
  /**
   * The KeyRing's `privacy` key: the server stores transcripts and consent records (PrivacyControls'
   * bucket and table admit its role as a writer), encrypted with this key through S3 and DynamoDB; the
   * key policy delegates that use to the role's own IAM policy, which this adds. @default none (the
   * server writes no transcripts)
   */
  readonly privacyKeyArn?: pulumi.Input<string>;
  /** The name clients ask for (`--served-model-name`). @default `name` */
  readonly servedModelName?: string;
  /** Extra server arguments; `--trust-remote-code` and anything that downloads at start are refused. @default [] */
  readonly extraArgs?: readonly string[];
  /** The container port (the mesh endpoint's port). @default 8000 */
  readonly port?: number;
  /**
   * Pods of the Deployment. With 1, the PodDisruptionBudget (maxUnavailable 1) still lets a node drain,
   * but every drain and every rollout is an outage: keep 2 or more where the model must stay up.
   * @default 2
   */
  readonly replicas?: number;
  readonly resources: ModelServerResources;
  /** PriorityClass value (created as `rampart-<namespace>-<name>`). @default 100000 */
  readonly priority?: number;
  /** Node selector for the GPU pool and the GPU taint's toleration. @default the GPU taint only */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
}

export const MODEL_SERVER_DEFAULTS = {
  port: 8000,
  replicas: 2,
  priority: 100000,
  extraArgs: [] as readonly string[],
} as const;

/**
 * The manifest and its signature, at the top of a model version's prefix (docs/MODEL-MANIFEST.md): the
 * manifest lists `<sha256>  <prefix><path>` per file, in `sha256sum` format, so that the init step checks
 * it with standard tools; the signature is cosign's blob signature (base64 DER ECDSA P-256 SHA-256).
 */
export const MANIFEST_FILE = "MANIFEST.sha256";
export const SIGNATURE_FILE = "MANIFEST.sha256.sig";

/** The IAM role of a model server: `<namePrefix>-model-<name>` (the model store's bucket policy admits these). */
export const modelServerRoleName = (namePrefix: string, name: string): string =>
  `${namePrefix}-model-${name}`;
