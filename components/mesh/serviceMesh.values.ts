import { HARDENED_CLUSTER_DEFAULTS } from "../compute/hardenedCluster.logic";
import { MESH_GATEWAY_NODE_PORTS } from "../shared/ports";
import type { ProxyResources } from "./serviceMesh.args";
import { MESH_NAMES } from "./serviceMesh.logic";

/**
 * The Helm values of the four Istio charts and the mesh namespaces' Pod Security levels, as plain data,
 * so tests (and the gateway chart's own values schema) read exactly what is installed.
 */

/** Pod Security Admission labels, all three modes at one level and a pinned version. */
export function podSecurityLabels(
  level: "restricted" | "baseline" | "privileged",
  version: string,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}

/**
 * The mesh's namespaces and their Pod Security level (the README table).
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export const MESH_NAMESPACES = [
  {
    name: MESH_NAMES.controlPlaneNamespace,
    level: "restricted",
    why: "istiod runs as non-root, drops all capabilities, read-only root filesystem; we add seccomp RuntimeDefault",
  },
  {
    name: MESH_NAMES.cniNamespace,
    level: "privileged",
    why: "istio-cni-node writes the CNI plugin to the node (hostPath /opt/cni/bin, /etc/cni/net.d), runs as root with NET_ADMIN, SYS_ADMIN; it alone lets every app pod stay restricted",
  },
  {
    name: MESH_NAMES.gatewayNamespace,
    level: "restricted",
    why: "the gateway runs as UID 1337, no capabilities; binding 443 uses the net.ipv4.ip_unprivileged_port_start sysctl, which the baseline (so restricted) profile allows",
  },
] as const;

export const POD_SECURITY_VERSION = "v1.33";

/** Kubernetes container resources from the Args' proxy resources. */
export function containerResources(r: ProxyResources) {
  return {
    requests: { cpu: r.cpuRequest, memory: r.memoryRequest },
    limits: { cpu: r.cpuLimit, memory: r.memoryLimit },
  };
}

const RUNTIME_DEFAULT_SECCOMP = { type: "RuntimeDefault" } as const;

/**
 * The charts' own NetworkPolicies stay off (their default): they admit all egress (`egress: [{}]`) and
 * istiod's debug (8080) and plaintext xDS (15010) ports from anywhere, and policies only add, so one of
 * them would undo ours (serviceMesh.networkPolicies.ts). Set explicitly so a changed default cannot.
 * manifests/charts/{istio-control/istio-discovery,gateway,istio-cni}/templates/networkpolicy.yaml at 1.30.3
 */
const CHART_NETWORK_POLICY = { enabled: false } as const;

/**
 * The gateway Service's ports: the load balancer's node ports and the pod ports behind them (the ones
 * the gateway's NetworkPolicy opens). The container listens on 443 itself (see the sysctl below).
 */
export const GATEWAY_SERVICE_PORTS = [
  { name: "status-port", port: 15021, targetPort: 15021, nodePort: MESH_GATEWAY_NODE_PORTS.status },
  { name: "https", port: 443, targetPort: 443, nodePort: MESH_GATEWAY_NODE_PORTS.https },
] as const;

/** Values of the `base` chart (CRDs, the validating webhook's base config). */
export function baseValues() {
  return { global: { istioNamespace: MESH_NAMES.controlPlaneNamespace } };
}

/**
 * Values of the `cni` chart (istio-cni-node DaemonSet). Its chart default already tolerates every
 * NoSchedule/NoExecute taint (manifests/charts/istio-cni/values.yaml at 1.30.3); we keep those and name each
 * required taint explicitly, so the intent survives a chart default that changes and a policy can read it.
 */
export function cniValues(hub: string, version: string, tolerateTaints: readonly string[]) {
  return {
    global: { hub, tag: version, networkPolicy: CHART_NETWORK_POLICY },
    tolerations: [
      { effect: "NoSchedule", operator: "Exists" },
      { effect: "NoExecute", operator: "Exists" },
      { key: "CriticalAddonsOnly", operator: "Exists" },
      ...tolerateTaints.map((key) => ({ key, operator: "Exists" })),
    ],
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
    // Kubernetes >= 1.30 reads appArmorProfile from the securityContext; the annotation is deprecated.
    useAppArmorAnnotation: false,
  };
}

/**
 * Values of the `istiod` chart. The Helm chart reads `cni.enabled` at its top level (IstioOperator's
 * `values.pilot.cni.enabled` is flattened to it: operator/pkg/render/manifest.go; the injector config
 * gets it back as `pilot.cni`): sidecars get no istio-init container with NET_ADMIN.
 */
export function istiodValues(args: {
  hub: string;
  version: string;
  outboundTrafficPolicy: "REGISTRY_ONLY" | "ALLOW_ANY";
  proxyResources: ProxyResources;
  /** Named in full (by digest): used as is by the injection template. @default proxyv2 from `hub` */
  proxyImage?: string;
}) {
  return {
    global: {
      hub: args.hub,
      tag: args.version,
      istioNamespace: MESH_NAMES.controlPlaneNamespace,
      proxy: {
        ...(args.proxyImage ? { image: args.proxyImage } : {}),
        resources: containerResources(args.proxyResources),
        seccompProfile: RUNTIME_DEFAULT_SECCOMP,
      },
      logAsJson: true,
      networkPolicy: CHART_NETWORK_POLICY,
    },
    cni: { enabled: true },
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
    nodeSelector: { ...HARDENED_CLUSTER_DEFAULTS.systemNodeLabels },
    meshConfig: {
      outboundTrafficPolicy: { mode: args.outboundTrafficPolicy },
      accessLogFile: "/dev/stdout",
      accessLogEncoding: "JSON",
    },
  };
}

/**
 * Values of the `gateway` chart: a NodePort Service on the fixed node ports the edge load balancer targets
 * (`externalTrafficPolicy: Local`: only nodes running a gateway pod answer, and the client address is kept),
 * no plain-HTTP port, fixed replicas on the system nodes, non-root with seccomp (Pod Security restricted).
 */
export function gatewayValues(args: { replicas: number; resources: ProxyResources }) {
  return {
    global: { networkPolicy: CHART_NETWORK_POLICY },
    replicaCount: args.replicas,
    autoscaling: { enabled: false },
    service: {
      type: "NodePort",
      externalTrafficPolicy: "Local",
      ports: GATEWAY_SERVICE_PORTS.map((p) => ({ ...p, protocol: "TCP" })),
    },
    resources: containerResources(args.resources),
    // Setting the pod securityContext replaces the chart's default, so keep its sysctl (bind 443 without
    // NET_BIND_SERVICE); it is in the baseline profile's allowed list.
    // https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline (Sysctls)
    securityContext: {
      runAsNonRoot: true,
      seccompProfile: RUNTIME_DEFAULT_SECCOMP,
      sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
    },
    containerSecurityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: RUNTIME_DEFAULT_SECCOMP,
    },
    nodeSelector: { ...HARDENED_CLUSTER_DEFAULTS.systemNodeLabels },
    podDisruptionBudget: args.replicas > 1 ? { minAvailable: 1 } : {},
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...MESH_NAMES.gatewaySelector } },
      },
    ],
  };
}
