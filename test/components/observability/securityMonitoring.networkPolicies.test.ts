import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { monitoringNetworkPolicies } from "../../../components/observability/securityMonitoring.networkPolicies";
import type { NetworkPolicyObject } from "../../../components/workloads/inferenceNamespace.logic";

const VPC = "10.0.0.0/16";
const CONTROL_PLANE = "10.0.32.0/24";
const policies = (grafana = true) =>
  monitoringNetworkPolicies({
    vpcCidrs: [VPC],
    controlPlaneCidrs: [CONTROL_PLANE],
    modelMetricsPorts: [8000],
    grafana,
  });

type Rule = { peers: any[]; ports: { protocol?: string; port?: number }[] };
const selects = (np: NetworkPolicyObject, pod: Record<string, string>) => {
  const want = (np.spec.podSelector as any).matchLabels ?? {};
  return Object.entries(want).every(([k, v]) => pod[k] === v);
};
/** Every egress (or ingress) rule that applies to a pod with these labels. */
function rules(all: NetworkPolicyObject[], pod: Record<string, string>, dir: "egress" | "ingress"): Rule[] {
  return all
    .filter((np) => selects(np, pod))
    .flatMap((np) =>
      ((np.spec as any)[dir] ?? []).map((r: any) => ({
        peers: r[dir === "egress" ? "to" : "from"] ?? [],
        ports: r.ports ?? [],
      })),
    );
}
const portsTo = (rs: Rule[], match: (peer: any) => boolean) =>
  rs
    .filter((r) => r.peers.some(match))
    .flatMap((r) => r.ports.map((p) => `${p.protocol}/${p.port}`))
    .sort();
const ns = (name: string) => (p: any) =>
  p.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === name;
const cidr = (c: string) => (p: any) => p.ipBlock?.cidr === c;

const PROMETHEUS = { "app.kubernetes.io/name": "prometheus" };
const ALERTMANAGER = { "app.kubernetes.io/name": "alertmanager" };
const GRAFANA = { "app.kubernetes.io/name": "grafana" };

describe("monitoring namespace NetworkPolicies", () => {
  const all = policies();

  test("the first policy denies all ingress and egress of every pod", () => {
    assert.deepEqual(all[0]!.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    assert.ok(all.every((np) => np.metadata.namespace === "monitoring"));
  });

  test("every allow names its peers and ports: no empty rule that would admit everything", () => {
    for (const np of all.slice(1))
      for (const dir of ["ingress", "egress"] as const)
        for (const r of (np.spec as any)[dir] ?? []) {
          assert.ok((r.to ?? r.from ?? []).length > 0, `${np.metadata.name} ${dir} rule without peers`);
          assert.ok((r.ports ?? []).length > 0, `${np.metadata.name} ${dir} rule without ports`);
        }
  });

  test("Prometheus scrapes exactly istiod 15014, proxies and gateway 15020, model ports, DCGM 9400", () => {
    const eg = rules(all, PROMETHEUS, "egress");
    assert.deepEqual(portsTo(eg, ns("istio-system")), ["TCP/15012", "TCP/15014"]);
    assert.deepEqual(portsTo(eg, ns("istio-ingress")), ["TCP/15020"]);
    assert.deepEqual(
      portsTo(eg, (p) => p.namespaceSelector?.matchLabels?.["istio-injection"] === "enabled"),
      ["TCP/15020", "TCP/8000"],
    );
    assert.deepEqual(portsTo(eg, ns("kube-system")), ["TCP/53", "TCP/9400", "UDP/53"]);
    assert.deepEqual(portsTo(eg, cidr(CONTROL_PLANE)), ["TCP/443"]);
    assert.deepEqual(portsTo(eg, ns("default")), ["TCP/443"]);
    assert.ok(
      !eg.some((r) => r.peers.some((p) => p.ipBlock?.cidr === "0.0.0.0/0")),
      "no internet from Prometheus",
    );
  });

  test("Alertmanager reaches only SNS's endpoint in the VPC (443), the Pod Identity agent and DNS", () => {
    const eg = rules(all, ALERTMANAGER, "egress");
    assert.deepEqual(portsTo(eg, cidr(VPC)), ["TCP/443"]);
    assert.deepEqual(portsTo(eg, cidr("169.254.170.23/32")), ["TCP/80"]);
    const peers = eg.flatMap((r) =>
      r.peers.map(
        (p) =>
          p.ipBlock?.cidr ??
          p.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ??
          "pods-in-namespace",
      ),
    );
    assert.deepEqual([...new Set(peers)].sort(), [
      "10.0.0.0/16",
      "169.254.170.23/32",
      "kube-system",
      "pods-in-namespace",
    ]);
  });

  test("Alertmanager is reached only by Prometheus (and its own replicas)", () => {
    const ing = rules(all, ALERTMANAGER, "ingress");
    const from = ing.flatMap((r) => r.peers.map((p) => JSON.stringify(p.podSelector?.matchLabels)));
    assert.deepEqual(
      [...new Set(from)].sort(),
      [JSON.stringify(ALERTMANAGER), JSON.stringify(PROMETHEUS)].sort(),
    );
  });

  test("only Grafana leaves the VPC (443, its OIDC provider), and only Grafana is reached from the VPC", () => {
    for (const np of all) {
      const out = JSON.stringify(np.spec.egress ?? []);
      if (out.includes("0.0.0.0/0"))
        assert.ok(selects(np, GRAFANA) && !selects(np, PROMETHEUS), np.metadata.name);
      const inn = JSON.stringify(np.spec.ingress ?? []);
      if (inn.includes(VPC)) assert.equal(np.metadata.name, "allow-ingress-grafana");
    }
    const internet = rules(all, GRAFANA, "egress").find((r) =>
      r.peers.some((p) => p.ipBlock?.cidr === "0.0.0.0/0"),
    )!;
    assert.deepEqual(internet.peers[0].ipBlock.except, [VPC]);
    assert.deepEqual(internet.ports, [{ protocol: "TCP", port: 443 }]);
    assert.deepEqual(portsTo(rules(all, GRAFANA, "ingress"), cidr(VPC)), ["TCP/3000"]);
    const fromPods = rules(all, GRAFANA, "ingress").flatMap((r) => r.peers.filter((p) => p.podSelector));
    assert.deepEqual(fromPods, [{ podSelector: { matchLabels: PROMETHEUS } }], "Prometheus scrapes Grafana");
  });

  test("without Grafana no policy mentions it and nothing leaves the VPC", () => {
    const none = policies(false);
    assert.ok(!JSON.stringify(none).includes("grafana"));
    assert.ok(!JSON.stringify(none).includes("0.0.0.0/0"));
  });
});
