import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildClusterModel } from "../../../cli/verify/cluster/model";
import { networkPolicyLayer } from "../../../cli/verify/cluster/networkPolicy";
import type { ClusterClient, ClusterTarget } from "../../../cli/verify/cluster/types";
import type { ExportResource } from "../../../cli/verify/network/types";
import { VAULT_POD_LABELS } from "../../../components/identity/vaultServer.logic";
import { vaultNetworkPolicies } from "../../../components/identity/vaultServer.networkPolicies";
import { NOT_QUARANTINED } from "../../../components/shared/quarantine";

const INPUTS = {
  namespace: "vault",
  vpcCidrs: ["10.0.0.0/16", "100.64.0.0/16"],
  clientNamespaces: ["llm", "chat"],
};
const policies = vaultNetworkPolicies(INPUTS);

function exportOf(): ExportResource[] {
  const ns = (name: string): ExportResource => ({
    urn: `urn:ns:${name}`,
    type: "kubernetes:core/v1:Namespace",
    inputs: { metadata: { name, labels: {} } },
  });
  return [
    ...["vault", "llm", "chat", "plain", "kube-system"].map(ns),
    ...policies.map((o) => ({
      urn: `urn:np:${o.metadata.namespace}/${o.metadata.name}`,
      type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      inputs: o as unknown as Record<string, unknown>,
    })),
  ];
}

describe("Vault's NetworkPolicies, evaluated (cli/verify/cluster)", () => {
  const model = buildClusterModel(exportOf());
  const vault = (port: number): ClusterTarget => ({
    namespace: "vault",
    labels: { ...VAULT_POD_LABELS },
    port,
  });
  const peer: ClusterClient = { namespace: "vault", labels: { ...VAULT_POD_LABELS }, sidecar: false };
  const client = (namespace: string): ClusterClient => ({ namespace, labels: { app: "x" }, sidecar: false });
  const cases: [
    string,
    ClusterClient,
    ClusterTarget | { namespace: string; labels: any; port: number },
    string,
  ][] = [
    ["a client namespace's pod reaches the API", client("llm"), vault(8200), "allow"],
    ["the other client namespace too", client("chat"), vault(8200), "allow"],
    ["a client never reaches the cluster port", client("llm"), vault(8201), "deny"],
    ["any other namespace is refused", client("plain"), vault(8200), "deny"],
    ["peers reach each other's cluster port (raft)", peer, vault(8201), "allow"],
    ["peers reach each other's API (retry_join)", peer, vault(8200), "allow"],
    ["no other port, even between peers", peer, vault(8202), "deny"],
    [
      "another pod of Vault's namespace is refused",
      { namespace: "vault", labels: { app: "x" } },
      vault(8200),
      "deny",
    ],
    [
      "Vault reaches DNS",
      peer,
      { namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, port: 53 },
      "allow",
    ],
    ["Vault reaches no client pod", peer, { namespace: "llm", labels: { app: "x" }, port: 8000 }, "deny"],
  ];
  for (const [label, from, to, expected] of cases)
    test(`${expected}: ${label}`, () => {
      const r = networkPolicyLayer(model, from, to, []);
      assert.equal(r.decision, expected, r.reason);
    });
});

describe("Vault's NetworkPolicies, as written", () => {
  const byName = Object.fromEntries(policies.map((p) => [p.metadata.name, p.spec as any]));

  test("everything denied first, every allow scoped to Vault's pods that are not quarantined", () => {
    assert.deepEqual(byName["default-deny-all"], { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.deepEqual(byName["quarantine"], {
      podSelector: { matchLabels: { "rampart.io/quarantine": "true" } },
      policyTypes: ["Ingress", "Egress"],
    });
    for (const p of policies.filter((x) => !["default-deny-all", "quarantine"].includes(x.metadata.name)))
      assert.deepEqual(
        (p.spec as any).podSelector,
        { matchLabels: { ...VAULT_POD_LABELS }, matchExpressions: [NOT_QUARANTINED] },
        p.metadata.name,
      );
    for (const p of policies) assert.equal(p.metadata.namespace, "vault");
  });

  test("from the VPC: only the API port; out to the VPC: only 443; the Pod Identity agent on 80", () => {
    const fromVpc = byName["allow-api-from-vpc"].ingress;
    assert.deepEqual(fromVpc, [
      {
        from: [{ ipBlock: { cidr: "10.0.0.0/16" } }, { ipBlock: { cidr: "100.64.0.0/16" } }],
        ports: [{ protocol: "TCP", port: 8200 }],
      },
    ]);
    assert.deepEqual(byName["allow-egress-https-in-vpc"].egress, [
      {
        to: [
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "default" } } },
          { ipBlock: { cidr: "10.0.0.0/16" } },
          { ipBlock: { cidr: "100.64.0.0/16" } },
        ],
        ports: [{ protocol: "TCP", port: 443 }],
      },
    ]);
    assert.deepEqual(byName["allow-egress-pod-identity-agent"].egress[0].ports, [
      { protocol: "TCP", port: 80 },
    ]);
    // No egress rule leaves the VPC: every ipBlock is a VPC CIDR or the node-local agent.
    const blocks = policies.flatMap((p: any) =>
      [...(p.spec.egress ?? []), ...(p.spec.ingress ?? [])].flatMap((r: any) =>
        [...(r.to ?? []), ...(r.from ?? [])].map((x: any) => x.ipBlock?.cidr).filter(Boolean),
      ),
    );
    assert.deepEqual(
      [...new Set(blocks)].sort(),
      ["10.0.0.0/16", "100.64.0.0/16", "169.254.170.23/32", "fd00:ec2::23/128"].sort(),
    );
  });

  test("without client namespaces there is no client rule at all (not an empty, open one)", () => {
    const none = vaultNetworkPolicies({ ...INPUTS, clientNamespaces: [] });
    assert.ok(!none.some((p) => p.metadata.name === "allow-api-from-clients"));
    for (const p of none)
      for (const r of [...((p.spec as any).ingress ?? []), ...((p.spec as any).egress ?? [])])
        assert.ok(
          (r.from ?? r.to ?? []).length > 0,
          `${p.metadata.name} has a rule with no peer (open to all)`,
        );
  });
});
