import assert from "node:assert/strict";
import { test } from "node:test";
import { isVaultChart, vaultChartImages } from "../../../cli/verify/images/vault";

const release = (values: unknown, extra: Record<string, unknown> = {}) => ({
  urn: "urn:pulumi:prod::rampart::kubernetes:helm.sh/v3:Release::vault",
  type: "kubernetes:helm.sh/v3:Release",
  inputs: {
    chart: "vault",
    repositoryOpts: { repo: "https://helm.releases.hashicorp.com/" },
    values,
    ...extra,
  },
});
const refs = (values: unknown) =>
  vaultChartImages(release(values)).map((s) => `${s.path} ${s.ref ?? s.problem}`);

test("only HashiCorp's vault chart is read this way", () => {
  assert.equal(isVaultChart(release({}).inputs), true);
  assert.equal(
    isVaultChart({ chart: "vault", repositoryOpts: { repo: "https://charts.example.com" } }),
    false,
  );
  assert.equal(
    isVaultChart({ chart: "vault-secrets-operator", repo: "https://helm.releases.hashicorp.com" }),
    false,
  );
});

test("default values deploy the server, the injector and the agent it injects: all decided", () => {
  assert.deepEqual(refs({}), [
    "values.server.image hashicorp/vault:2.0.4",
    "values.injector.image hashicorp/vault-k8s:1.7.6",
    "values.injector.agentImage hashicorp/vault:2.0.4",
  ]);
});

test("switches: the injector off, the CSI provider on, global.enabled off, an external Vault", () => {
  assert.deepEqual(refs({ injector: { enabled: false }, csi: { enabled: true } }), [
    "values.server.image hashicorp/vault:2.0.4",
    "values.csi.image hashicorp/vault-csi-provider:1.7.4",
    "values.csi.agent.image hashicorp/vault:2.0.4",
  ]);
  // "-" follows global.enabled (the chart's default for the server and the injector).
  assert.deepEqual(refs({ global: { enabled: false } }), []);
  assert.deepEqual(
    refs({ global: { externalVaultAddr: "https://vault.example.com" }, injector: { enabled: false } }),
    [],
  );
});

test("a mirror and tags are read as the templates write them; an empty tag is the server's latest", () => {
  const mirror = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror";
  assert.deepEqual(
    refs({
      server: { image: { repository: `${mirror}/hashicorp/vault`, tag: "" } },
      injector: { enabled: true, image: { tag: "" } },
    }),
    [
      `values.server.image ${mirror}/hashicorp/vault:latest`,
      "values.injector.image the image tag is empty (the chart would render `<repository>:`)",
      "values.injector.agentImage hashicorp/vault:2.0.4",
    ],
  );
});
