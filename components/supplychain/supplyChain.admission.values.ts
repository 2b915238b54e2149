import { HARDENED_CLUSTER_DEFAULTS } from "../compute/hardenedCluster.logic";
import {
  ADMISSION_DEFAULTS,
  KYVERNO_ADMISSION_POD_LABELS,
  KYVERNO_APP_VERSION,
  KYVERNO_PORTS,
} from "./supplyChain.admission.logic";

/**
 * Kyverno's Helm values as plain data, so tests read exactly what is installed. Every key was read in
 * github.com/kyverno/kyverno at tag v1.19.0 (commit ee97ce0): charts/kyverno/values.yaml and templates
 * (admission-controller/deployment.yaml, _helpers.tpl `kyverno.features.flags`, _helpers/_image.tpl,
 * config/_helpers.tpl, hooks/*.yaml).
 */

export interface KyvernoValuesInputs {
  /** Registry host and path the images come from (the mirror); undefined: the chart's defaults. */
  readonly imageRegistry?: string;
  readonly replicas?: number;
}

const RUNTIME_DEFAULT_SECCOMP = { type: "RuntimeDefault" } as const;

/**
 * Pod Security `restricted`: the chart's container defaults already are (uid/gid 65534, non-root, no
 * privilege escalation, read-only root, ALL dropped, RuntimeDefault seccomp); restated so an upgrade of
 * the chart cannot loosen them silently, and the pod-level context (chart default `{}`) set too.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const KYVERNO_SECURITY_CONTEXT = {
  pod: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: RUNTIME_DEFAULT_SECCOMP },
  container: {
    runAsUser: 65534,
    runAsGroup: 65534,
    runAsNonRoot: true,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
  },
} as const;

/** Requests and limits (the chart's default has no CPU limit on the admission controller). */
export const KYVERNO_RESOURCES = {
  admission: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  init: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "100m", memory: "256Mi" } },
  hook: { requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "100m", memory: "256Mi" } },
} as const;

/**
 * The chart's values. Kept: the admission controller alone, three replicas (HA: our webhook fails
 * closed), spread over zones and nodes, on the system nodes, with a PodDisruptionBudget. Off, each
 * because we use nothing it serves:
 * - the background controller (generate and mutate-existing policies), the cleanup controller (cleanup
 *   policies, and its own webhook), the reports controller (background scans and policy reports: our
 *   policy has `background: false`; audit results are the admission controller's PolicyViolation events
 *   and logs), and with it admission/aggregate reports; each would be a cluster-wide reader with its own
 *   network and registry access;
 * - generating ValidatingAdmissionPolicies from our policy (on by default at 3.9.0): verifyImages cannot
 *   be expressed as one, and we want a single enforcement path;
 * - `features.forceFailurePolicyIgnore` stays false (it would turn every webhook fail-open);
 * - registry credentials only from the `amazon` helper (the Pod Identity role), no other cloud's;
 *   insecure registries refused.
 * The webhooks exclude `kube-system` (`config.webhooks`) and Kyverno's own namespace
 * (`excludeKyvernoNamespace`), as the chart does; the chart's default resourceFilters also skip
 * kube-public and kube-node-lease, where nothing of ours runs. Our inference namespaces are never excluded.
 */
export function kyvernoValues(v: KyvernoValuesInputs) {
  const registry = v.imageRegistry;
  const image = (extra: Record<string, unknown> = {}) => (registry ? { registry, ...extra } : { ...extra });
  const nodeSelector = { ...HARDENED_CLUSTER_DEFAULTS.systemNodeLabels };
  const hookPod = {
    nodeSelector,
    podSecurityContext: KYVERNO_SECURITY_CONTEXT.pod,
    securityContext: KYVERNO_SECURITY_CONTEXT.container,
  };
  const off = { enabled: false };
  return {
    global: { ...(registry ? { image: { registry } } : {}), nodeSelector },
    crds: {
      install: true,
      migration: {
        enabled: true,
        image: image({ tag: KYVERNO_APP_VERSION }),
        podResources: KYVERNO_RESOURCES.hook,
        ...hookPod,
      },
    },
    // The hooks' image names its own registry (ghcr.io), which global.image.registry does not override.
    webhooksCleanup: {
      enabled: true,
      image: image({ tag: KYVERNO_APP_VERSION }),
      resources: KYVERNO_RESOURCES.hook,
      ...hookPod,
    },
    test: { image: image({ tag: KYVERNO_APP_VERSION }) },
    config: {
      webhooks: {
        namespaceSelector: {
          matchExpressions: [
            { key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] },
          ],
        },
      },
      excludeKyvernoNamespace: true,
    },
    features: {
      admissionReports: off,
      aggregateReports: off,
      policyReports: off,
      validatingAdmissionPolicyReports: off,
      mutatingAdmissionPolicyReports: off,
      backgroundScan: off,
      generateValidatingAdmissionPolicy: off,
      generateMutatingAdmissionPolicy: off,
      forceFailurePolicyIgnore: off,
      policyExceptions: off,
      registryClient: { allowInsecure: false, credentialHelpers: ["amazon"] },
      logging: { format: "json" },
    },
    admissionController: {
      replicas: v.replicas ?? ADMISSION_DEFAULTS.replicas,
      nodeSelector,
      podSecurityContext: KYVERNO_SECURITY_CONTEXT.pod,
      webhookServer: { port: KYVERNO_PORTS.webhook },
      podDisruptionBudget: { enabled: true, minAvailable: 2 },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: { ...KYVERNO_ADMISSION_POD_LABELS } },
        },
      ],
      initContainer: {
        image: image(),
        resources: KYVERNO_RESOURCES.init,
        securityContext: KYVERNO_SECURITY_CONTEXT.container,
      },
      container: {
        image: image(),
        resources: KYVERNO_RESOURCES.admission,
        securityContext: KYVERNO_SECURITY_CONTEXT.container,
      },
      // Ours are stricter (supplyChain.admission.networkPolicies.ts).
      networkPolicy: off,
    },
    backgroundController: { enabled: false, image: image() },
    cleanupController: { enabled: false, image: image() },
    reportsController: { enabled: false, image: image() },
  };
}
