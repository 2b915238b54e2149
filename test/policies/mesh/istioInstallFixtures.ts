/** Istio installs shared by the istiod policy tests: the istiod chart as our stacks pin it, an IstioOperator. */
export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const CHART4 = "kubernetes:helm.sh/v4:Chart";
export const IOP = "kubernetes:install.istio.io/v1alpha1:IstioOperator";
export const secureValues = () => ({
  meshConfig: { outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } },
  // The istiod chart's form (top level); an IstioOperator writes values.pilot.cni.
  cni: { enabled: true },
  global: {
    proxy: {
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    },
  },
});
export const istiod = (values: unknown, extra: Record<string, any> = {}) => ({
  chart: "istiod",
  version: "1.30.5",
  namespace: "istio-system",
  repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" },
  values,
  ...extra,
});
export const operator = (spec: unknown) => ({
  apiVersion: "install.istio.io/v1alpha1",
  kind: "IstioOperator",
  metadata: { name: "control-plane", namespace: "istio-system" },
  spec,
});
