import { type ArgProblem, Problems } from "../shared/problems";
import { chartVersionProblem, dnsLabelProblem } from "../shared/rules";
import { type AdmissionArgs, type AdmissionMode, SUPPLY_CHAIN_DEFAULTS } from "./supplyChain.args";

/**
 * The facts image admission's pieces share (Kyverno's pinned chart, its images, the names and ports the
 * chart gives its objects), `validateAdmissionArgs`, the Kyverno role's IAM policy and the ClusterPolicy.
 * Pure: tests call it without mocks. Helm values: supplyChain.admission.values.ts; NetworkPolicies:
 * supplyChain.admission.networkPolicies.ts; resources: supplyChain.admission.ts.
 */

/** Kyverno's official chart repository. https://kyverno.io/docs/installation/methods/#install-kyverno-using-helm */
export const KYVERNO_CHART = { chart: "kyverno", repo: "https://kyverno.github.io/kyverno" } as const;

/**
 * The chart Rampart pins: 3.9.0, Kyverno v1.19.0, the newest release in github.com/kyverno/kyverno (tag
 * v1.19.0, commit ee97ce09538b09b6f1b03853cc41a62654d6a58f, 2026-08-20): charts/kyverno/Chart.yaml
 * `version: 3.9.0`, `appVersion: v1.19.0`. Every value we set was read in that commit's
 * charts/kyverno/values.yaml and templates (admission-controller/deployment.yaml, _helpers/_image.tpl,
 * hooks/*.yaml).
 */
export const TESTED_KYVERNO_CHART = "3.9.0";
export const KYVERNO_APP_VERSION = "v1.19.0";

/**
 * Where the chart's images live upstream. Since kyverno/kyverno#12031 the controllers' default registry
 * is `reg.kyverno.io` (values.yaml `*.image.defaultRegistry`), a Kyverno-run host that ECR pull-through
 * cache does not support (ECR supports ECR Public, registry.k8s.io, Quay, Docker Hub, GHCR, GitLab,
 * Azure, Chainguard and ECR: https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html).
 * The same images are published at `ghcr.io/kyverno/*` (the chart's hooks still pull
 * `ghcr.io/kyverno/readiness-checker`), which a GHCR pull-through rule (with a GitHub token secret) can
 * cache; or copy them into the mirror (`crane copy`).
 */
export const KYVERNO_UPSTREAM_REGISTRY = "reg.kyverno.io";
export const KYVERNO_GHCR = "ghcr.io";

/**
 * Every image the chart can deploy, by values path, with its repository and default registry at 3.9.0.
 * The template (`kyverno.image`, _helpers/_image.tpl) builds `<registry>/<repository>:<tag>` where the
 * registry is the image's own `registry`, else `global.image.registry`, else `defaultRegistry`: an image
 * whose own `registry` is set (the hooks' `ghcr.io`) ignores the global one.
 */
export const KYVERNO_IMAGES = [
  {
    path: "admissionController.container.image",
    repository: "kyverno/kyverno",
    registry: KYVERNO_UPSTREAM_REGISTRY,
    own: false,
    what: "the admission controller",
  },
  {
    path: "admissionController.initContainer.image",
    repository: "kyverno/kyvernopre",
    registry: KYVERNO_UPSTREAM_REGISTRY,
    own: false,
    what: "the admission controller's init container",
  },
  {
    path: "backgroundController.image",
    repository: "kyverno/background-controller",
    registry: KYVERNO_UPSTREAM_REGISTRY,
    own: false,
    what: "the background controller",
  },
  {
    path: "cleanupController.image",
    repository: "kyverno/cleanup-controller",
    registry: KYVERNO_UPSTREAM_REGISTRY,
    own: false,
    what: "the cleanup controller",
  },
  {
    path: "reportsController.image",
    repository: "kyverno/reports-controller",
    registry: KYVERNO_UPSTREAM_REGISTRY,
    own: false,
    what: "the reports controller",
  },
  {
    path: "crds.migration.image",
    repository: "kyverno/kyverno-cli",
    registry: KYVERNO_UPSTREAM_REGISTRY,
    own: false,
    what: "the post-upgrade CRD migration hook",
  },
  {
    path: "webhooksCleanup.image",
    repository: "kyverno/readiness-checker",
    registry: KYVERNO_GHCR,
    own: true,
    what: "the pre-delete webhook cleanup hooks",
  },
] as const;

/**
 * Names the chart gives its objects for the release `kyverno` in namespace `kyverno` (`kyverno.name` is
 * the chart name; admission-controller/_helpers.tpl).
 */
export const KYVERNO_NAMES = {
  namespace: "kyverno",
  release: "kyverno",
  admissionServiceAccount: "kyverno-admission-controller",
  /** The webhook Service (`<fullname>-svc`, port 443 -> the container's 9443). */
  service: "kyverno-svc",
  policy: "rampart-signed-images",
} as const;

/** Labels the chart puts on admission controller pods (`kyverno.admission-controller.matchLabels`). */
export const KYVERNO_ADMISSION_POD_LABELS = {
  "app.kubernetes.io/component": "admission-controller",
  "app.kubernetes.io/instance": KYVERNO_NAMES.release,
  "app.kubernetes.io/part-of": KYVERNO_NAMES.release,
} as const;

/**
 * The admission controller's container ports (values.yaml `admissionController.webhookServer.port`, the
 * one the API server's webhook calls through the Service's 443; `metering.port` for metrics).
 */
export const KYVERNO_PORTS = { webhook: 9443, metrics: 8000 } as const;

export const ADMISSION_DEFAULTS = {
  chartVersion: TESTED_KYVERNO_CHART,
  mode: SUPPLY_CHAIN_DEFAULTS.admissionMode,
  /** Three admission controllers: the webhook fails closed, so one pod down must not stop pod creation. */
  replicas: 3,
  /**
   * Seconds the API server waits for our policy's webhook (1 to 30; Kyverno's default is 10): a cold
   * signature check fetches the token, the manifest and the signature from ECR; past it, the pod is
   * refused (fail closed) and its controller retries.
   * https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#timeouts
   */
  webhookTimeoutSeconds: 15,
  helmTimeoutSeconds: 600,
} as const;

const MODES: readonly AdmissionMode[] = ["enforce", "audit"];

/** Every problem with the arguments (field, value, fix); empty when valid. */
export function validateAdmissionArgs(
  args: Omit<AdmissionArgs, "kubeProvider" | "controlPlaneCidrs" | "clusterName"> &
    Partial<Pick<AdmissionArgs, "controlPlaneCidrs" | "clusterName">>,
): ArgProblem[] {
  const p = new Problems();
  const version = chartVersionProblem(args.chartVersion);
  if (version) p.at(["chartVersion"], args.chartVersion, `${version}, e.g. "${TESTED_KYVERNO_CHART}"`);
  if (args.mode !== undefined && !MODES.includes(args.mode))
    p.at(["mode"], args.mode, 'is not an admission mode (expected "enforce" or "audit")');
  const namespaces = Array.isArray(args.namespaces) ? args.namespaces : [];
  if (namespaces.length === 0)
    p.at(["namespaces"], args.namespaces, "names no namespace (expected at least one inference namespace)");
  namespaces.forEach((ns, i) => {
    const bad = dnsLabelProblem(ns);
    if (bad) p.at(["namespaces", i], ns, bad);
    else if (ns === "kube-system" || ns === KYVERNO_NAMES.namespace)
      p.at(["namespaces", i], ns, "is excluded from Kyverno's webhooks (expected an inference namespace)");
    else if (namespaces.indexOf(ns) !== i)
      p.at(["namespaces", i], ns, "is listed twice (expected each once)");
  });
  if (args.imageRegistry !== undefined && !/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(args.imageRegistry))
    p.at(
      ["imageRegistry"],
      args.imageRegistry,
      'is not a registry host and optional path (expected e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/kyverno-mirror")',
    );
  if (!Array.isArray(args.vpcCidrs) || args.vpcCidrs.length === 0)
    p.at(
      ["vpcCidrs"],
      args.vpcCidrs,
      "names no CIDR (expected the VPC's CIDRs: Kyverno reaches ECR through its endpoints)",
    );
  return p.list;
}

/** The Kyverno role's name, `<namePrefix>-kyverno`. */
export function kyvernoRoleName(namePrefix: string): string {
  return `${namePrefix}-kyverno`;
}

/** `arn:aws:kms:<region>:<account>:key/<id>` -> region and partition. */
function arnParts(arn: string): { partition: string; region: string } {
  const [, partition = "aws", , region = ""] = arn.split(":");
  return { partition, region };
}

/**
 * What Kyverno's admission controller may call, as its Pod Identity role: an ECR token (account-wide by
 * design: `ecr:GetAuthorizationToken` has no resource), reading manifests and blobs (the signature is a
 * manifest tagged `sha256-<digest>.sig` and one small layer) of our repositories only, and decrypting
 * through ECR with the `models` key that encrypts them. Nothing to write, list or describe.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-pull.html (required permissions)
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
 * @see https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md (where signatures are stored)
 */
export function kyvernoRolePolicy(repositoryArns: readonly string[], modelsKeyArn: string) {
  const { partition, region } = arnParts(modelsKeyArn);
  return {
    Version: "2012-10-17" as const,
    Statement: [
      { Sid: "EcrToken", Effect: "Allow" as const, Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "ReadOurRepositories",
        Effect: "Allow" as const,
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: [...new Set(repositoryArns)],
      },
      {
        Sid: "DecryptThroughEcr",
        Effect: "Allow" as const,
        Action: "kms:Decrypt",
        Resource: modelsKeyArn,
        Condition: {
          StringEquals: {
            "kms:ViaService": `ecr.${region}.amazonaws.com${partition === "aws-cn" ? ".cn" : ""}`,
          },
        },
      },
    ],
  };
}

export interface ImagePolicyInputs {
  /** `<account>.dkr.ecr.<region>.amazonaws.com`. */
  readonly registryHost: string;
  readonly namePrefix: string;
  /** The signing key's public key, PEM (`kms:GetPublicKey`, what `cosign public-key --key awskms://…` prints). */
  readonly publicKeyPem: string;
  readonly namespaces: readonly string[];
  readonly mode: AdmissionMode;
  readonly webhookTimeoutSeconds?: number;
}

/** `<registryHost>/<namePrefix>/*`: our repositories (ECR names them `<namePrefix>/<name>`). */
export const ourImages = (registryHost: string, namePrefix: string) => `${registryHost}/${namePrefix}/*`;

/**
 * The ClusterPolicy (kyverno.io/v1) admitting, in the inference namespaces, only images from our
 * repositories by digest, signed by the signing key:
 * - `validate` rules: every container, init container and ephemeral container names
 *   `<registryHost>/<namePrefix>/…@sha256:…` (Kyverno's `=( )` anchor: checked when present). The Pod rule
 *   is auto-generated by Kyverno for Deployments, StatefulSets, Jobs… so they fail at creation, not only
 *   their pods; ephemeral containers arrive through the `pods/ephemeralcontainers` subresource, matched
 *   as `Pod/ephemeralcontainers`. https://kyverno.io/docs/policy-types/cluster-policy/validate/
 * - `verifyImages`: the cosign signature of every image of ours, against the public key (static key,
 *   SHA-256, what `cosign sign --key awskms:///<arn>` makes); `verifyDigest` (the image must be by
 *   digest), `required` (an image that matches and is not verified is refused), `mutateDigest: false` (we
 *   verify, we do not rewrite pods; Kyverno requires it off in Audit). Transparency log and SCT checks off:
 *   the private tiers reach no Rekor, and our key signs without uploading (`--tlog-upload=false`):
 *   `rekor.ignoreTlog`, `ctlog.ignoreSCT` (api/kyverno/v1/image_verification_types.go at v1.19.0).
 *   Registry credentials from the `amazon` helper (the Pod Identity role). https://kyverno.io/docs/policy-types/cluster-policy/verify-images/sigstore/
 * - `failureAction` per rule (Enforce or Audit): the spec-level `validationFailureAction` is deprecated
 *   at v1.19.0 (api/kyverno/v1/spec_types.go: "Deprecated, use validationFailureAction under the validate
 *   rule instead"; the rule field is `failureAction`, common_types.go / image_verification_types.go).
 * - `failurePolicy: Fail`: an unreachable Kyverno refuses pods instead of admitting them unchecked.
 * - `background: false`: the rules judge admission requests; we run no reports controller to rescan.
 */
export function imagePolicy(i: ImagePolicyInputs) {
  const action = i.mode === "audit" ? "Audit" : "Enforce";
  const image = `${ourImages(i.registryHost, i.namePrefix)}@sha256:*`;
  const namespaces = [...new Set(i.namespaces)];
  const match = (kinds: string[]) => ({ any: [{ resources: { kinds, namespaces } }] });
  const message = `Images in ${namespaces.join(", ")} must come from ${ourImages(i.registryHost, i.namePrefix)} by digest (@sha256:...).`;
  const verify = (kinds: string[]) => ({
    match: match(kinds),
    verifyImages: [
      {
        failureAction: action,
        type: "Cosign",
        imageReferences: [ourImages(i.registryHost, i.namePrefix)],
        attestors: [
          {
            count: 1,
            entries: [
              {
                keys: {
                  publicKeys: i.publicKeyPem,
                  signatureAlgorithm: "sha256",
                  rekor: { ignoreTlog: true },
                  ctlog: { ignoreSCT: true },
                },
              },
            ],
          },
        ],
        verifyDigest: true,
        required: true,
        mutateDigest: false,
        useCache: true,
        imageRegistryCredentials: { providers: ["amazon"] },
      },
    ],
  });
  return {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: {
      name: KYVERNO_NAMES.policy,
      annotations: {
        "policies.kyverno.io/title": "Signed images from our registry, by digest",
        "policies.kyverno.io/description": message,
      },
    },
    spec: {
      admission: true,
      background: false,
      failurePolicy: "Fail",
      webhookTimeoutSeconds: i.webhookTimeoutSeconds ?? ADMISSION_DEFAULTS.webhookTimeoutSeconds,
      rules: [
        {
          name: "images-from-our-registry-by-digest",
          match: match(["Pod"]),
          validate: {
            failureAction: action,
            message,
            pattern: {
              spec: {
                "=(ephemeralContainers)": [{ image }],
                "=(initContainers)": [{ image }],
                containers: [{ image }],
              },
            },
          },
        },
        {
          name: "ephemeral-images-from-our-registry-by-digest",
          match: match(["Pod/ephemeralcontainers"]),
          validate: {
            failureAction: action,
            message,
            pattern: { spec: { "=(ephemeralContainers)": [{ image }] } },
          },
        },
        { name: "images-signed-by-our-key", ...verify(["Pod"]) },
        { name: "ephemeral-images-signed-by-our-key", ...verify(["Pod/ephemeralcontainers"]) },
      ],
    },
  };
}
