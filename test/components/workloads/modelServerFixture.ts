import type { ModelServerArgs } from "../../../components/workloads/modelServer.args";

/** Valid ModelServer Args (without the provider), as the stack would pass them; tests mutate a copy. */

export const ACCT = "123456789012";
export const REGION = "eu-west-1";
export const REGISTRY = `${ACCT}.dkr.ecr.${REGION}.amazonaws.com`;
export const digest = (c: string) => `sha256:${c.repeat(64)}`;
export const BUCKET = "rampart-prod-models-20261130";
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const PREFIX = "llama-3.1-8b/2026-11-30/";
export const PEM =
  "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";

export function modelServerArgs(): Omit<ModelServerArgs, "kubeProvider"> {
  return {
    namePrefix: "rampart-prod",
    clusterName: "rampart-prod",
    namespace: "llm-inference",
    name: "llama",
    serviceAccount: "vllm",
    images: {
      server: `${REGISTRY}/rampart-prod/vllm-openai@${digest("a")}`,
      fetch: `${REGISTRY}/rampart-prod/aws-cli@${digest("b")}`,
      verify: `${REGISTRY}/rampart-prod/cosign@${digest("c")}`,
    },
    registry: {
      region: REGION,
      repositories: ["rampart-prod/vllm-openai", "rampart-prod/aws-cli", "rampart-prod/cosign"],
    },
    model: {
      bucketName: BUCKET,
      bucketArn: BUCKET_ARN,
      prefix: PREFIX,
      modelsKeyArn: KEY_ARN,
      signingPublicKeyPem: PEM,
    },
    resources: { cpu: "8", memory: "64Gi", ephemeralStorage: "100Gi", gpus: 2 },
    nodeSelector: { "rampart.io/gpu-pool": "inference" },
    tags: { team: "ml" },
  };
}
