/** A Helm release shared by the three Helm policy tests, and the three Helm types they inspect. */
export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const CHART3 = "kubernetes:helm.sh/v3:Chart";
export const CHART4 = "kubernetes:helm.sh/v4:Chart";
export const release = (extra: Record<string, any> = {}) => ({
  chart: "nvidia-device-plugin",
  version: "0.17.0",
  namespace: "kube-system",
  repositoryOpts: { repo: "https://nvidia.github.io/k8s-device-plugin" },
  values: { resources: { limits: { cpu: "100m" } }, securityContext: { allowPrivilegeEscalation: false } },
  ...extra,
});
