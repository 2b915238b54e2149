import assert from "node:assert/strict";
import { test } from "node:test";
import {
  isVaultChart,
  releaseRequireHardenedVault as p,
} from "../../../policy-pack/policies/helm/releaseRequireHardenedVault";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CHART3, CHART4, RELEASE } from "./helmFixtures";

const RAFT_TLS = `
ui = true
listener "tcp" {
  address = "[::]:8200"
  cluster_address = "[::]:8201"
  tls_cert_file = "/vault/tls/tls.crt"
  tls_key_file = "/vault/tls/tls.key"
  # tls_disable = 1 stays off
}
storage "raft" { path = "/vault/data" }
seal "awskms" { region = "eu-west-1" kms_key_id = "alias/rampart-prod-vault" }
`;
const vault = (values: Record<string, any> = {}, extra: Record<string, any> = {}) => ({
  chart: "vault",
  version: "0.30.1",
  namespace: "vault",
  repositoryOpts: { repo: "https://helm.releases.hashicorp.com" },
  values: {
    global: { tlsDisable: false },
    server: { ha: { enabled: true, replicas: 3, raft: { enabled: true, config: RAFT_TLS } } },
    ui: { enabled: true, serviceType: "ClusterIP" },
    ...values,
  },
  ...extra,
});
const L = 'Helm chart "vault"';

test("HA Raft with TLS on, ClusterIP services passes, in all three Helm types", async () => {
  for (const t of [RELEASE, CHART3, CHART4]) assert.deepEqual(await violations(p, t, vault()), []);
});

test("the chart is found by name, repo-qualified name, OCI/local path or packaged archive", () => {
  for (const c of [
    "vault",
    "hashicorp/vault",
    "oci://registry.example.com/charts/vault",
    "./charts/vault-0.30.1.tgz",
  ])
    assert.ok(isVaultChart(c), c);
  for (const c of ["vault-secrets-operator", "openbao", "hashicorp/consul", undefined, ""])
    assert.ok(!isVaultChart(c), c);
});

test("dev mode is flagged (and its TLS settings with it)", async () => {
  assert.deepEqual(await violations(p, RELEASE, vault({ server: { dev: { enabled: true } } })), [
    `${L} runs Vault in dev mode (server.dev.enabled): in memory, unsealed, root token "root"; remove it.`,
  ]);
});

test("the chart's TLS defaults are flagged: tlsDisable unset or true, a listener config left to the chart", async () => {
  assert.deepEqual(await violations(p, RELEASE, vault({ global: {}, server: {} })), [
    `${L} leaves global.tlsDisable at its default, true: set it to false and give Vault a certificate.`,
    `${L} gives no listener config in server.standalone.config (the chart's default has tls_disable = 1): write a listener with tls_cert_file and tls_key_file.`,
  ]);
  // No values at all: the chart's defaults throughout.
  assert.equal((await violations(p, RELEASE, vault({}, { values: undefined }))).length, 2);
  assert.deepEqual(await violations(p, RELEASE, vault({ global: { tlsDisable: "true" } })), [
    `${L} leaves global.tlsDisable at true: set it to false and give Vault a certificate.`,
  ]);
});

test("tls_disable in the active listener config is flagged (HCL or JSON), comments aside", async () => {
  const raft = (config: unknown) =>
    vault({ server: { ha: { enabled: true, raft: { enabled: true, config } } } });
  const msg = `${L} sets tls_disable in the listener of server.ha.raft.config: remove it and set tls_cert_file and tls_key_file.`;
  assert.deepEqual(await violations(p, RELEASE, raft('listener "tcp" {\n  tls_disable = 1\n}')), [msg]);
  assert.deepEqual(await violations(p, RELEASE, raft('listener "tcp" { tls_disable = "true" }')), [msg]);
  assert.deepEqual(await violations(p, RELEASE, raft({ listener: [{ tcp: { tls_disable: true } }] })), [msg]);
  assert.deepEqual(
    await violations(
      p,
      RELEASE,
      vault({ server: { standalone: { config: 'listener "tcp" { tls_disable = 1 }' } } }),
    ),
    [msg.replace("server.ha.raft.config", "server.standalone.config")],
  );
  assert.deepEqual(await violations(p, RELEASE, vault({ server: { ha: { enabled: true, config: "" } } })), [
    `${L} gives no listener config in server.ha.config (the chart's default has tls_disable = 1): write a listener with tls_cert_file and tls_key_file.`,
  ]);
});

test("LoadBalancer or NodePort services for the server or the UI are flagged", async () => {
  assert.deepEqual(
    await violations(
      p,
      RELEASE,
      vault({
        server: {
          service: { type: "LoadBalancer" },
          ha: { enabled: true, raft: { enabled: true, config: RAFT_TLS } },
        },
        ui: { enabled: true, serviceType: "NodePort" },
      }),
    ),
    [
      `${L} sets server.service.type to LoadBalancer, exposing Vault outside the cluster: use ClusterIP.`,
      `${L} sets ui.serviceType to NodePort, exposing Vault outside the cluster: use ClusterIP.`,
    ],
  );
  // A disabled UI creates no service.
  assert.deepEqual(
    await violations(p, RELEASE, vault({ ui: { enabled: false, serviceType: "LoadBalancer" } })),
    [],
  );
});

test("an injector-only install (external Vault, or server disabled) has no server to judge; other charts are ignored", async () => {
  assert.deepEqual(
    await violations(p, RELEASE, vault({ global: { externalVaultAddr: "https://vault.example.com" } })),
    [],
  );
  assert.deepEqual(
    await violations(p, RELEASE, vault({ global: { tlsDisable: true }, server: { enabled: false } })),
    [],
  );
  assert.deepEqual(
    await violations(p, RELEASE, vault({ global: { tlsDisable: true } }, { chart: "nginx" })),
    [],
  );
});

test("unknown values are not inspectable (the SDK's note); a known insecure value beside an unknown one is flagged", async () => {
  assert.deepEqual(await validate(p, { type: RELEASE, props: vault({}, { values: UNKNOWN.object }) }), {
    violations: [],
    unknownRead: "string value at .values can't be known during preview",
  });
  assert.deepEqual(
    await validate(p, {
      type: RELEASE,
      props: vault({ global: { tlsDisable: UNKNOWN.boolean }, server: { dev: { enabled: true } } }),
    }),
    {
      violations: [
        `${L} runs Vault in dev mode (server.dev.enabled): in memory, unsealed, root token "root"; remove it.`,
      ],
    },
  );
});
