import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { buildClusterModel, selects } from "../../../cli/verify/cluster/model";
import { networkPolicyLayer } from "../../../cli/verify/cluster/networkPolicy";
import type { ExportResource } from "../../../cli/verify/network/types";
import { vaultNetworkPolicies } from "../../../components/identity/vaultServer.networkPolicies";
import { meshNamespacePolicies } from "../../../components/mesh/serviceMesh.networkPolicies";
import { shipperNetworkPolicies } from "../../../components/observability/logShipper.networkPolicies";
import { monitoringNetworkPolicies } from "../../../components/observability/securityMonitoring.networkPolicies";
import {
  allowsSomething,
  excludeQuarantined,
  quarantinePolicy,
  withQuarantine,
  type NetworkPolicyObject,
} from "../../../components/shared/networkPolicy";
import { NOT_QUARANTINED, QUARANTINE_LABEL } from "../../../components/shared/quarantine";
import { networkPolicies } from "../../../components/workloads/inferenceNamespace.logic";
import { resolveMesh } from "../../../components/workloads/inferenceNamespace.mesh.defaults";
import { meshArgs } from "../workloads/meshFixture";

/**
 * The quarantine mechanism: a pod labelled `rampart.io/quarantine=true` in any namespace we police keeps
 * no flow, because every allow excludes it and `quarantine` isolates it both ways; the same pod without
 * the label keeps its flows.
 */

const VPC = ["10.0.0.0/16"];
const EVERY_BUILDER: Record<string, NetworkPolicyObject[]> = {
  "inference namespace": networkPolicies(
    "llm",
    "istio-ingress",
    [{ name: "data", cidrs: ["10.0.64.0/20"] }],
    {
      vpcCidrs: VPC,
    },
  ),
  "meshed inference namespace": networkPolicies(
    "llm",
    "istio-ingress",
    [],
    { vpcCidrs: VPC },
    resolveMesh(meshArgs()),
  ),
  vault: vaultNetworkPolicies({ namespace: "vault", vpcCidrs: VPC, clientNamespaces: ["llm"] }),
  "log shipper": shipperNetworkPolicies({
    namespace: "logging",
    vpcCidrs: VPC,
    scraperNamespace: "monitoring",
  }),
  monitoring: monitoringNetworkPolicies({
    vpcCidrs: VPC,
    controlPlaneCidrs: VPC,
    modelMetricsPorts: [8000],
    grafana: true,
  }),
  "mesh namespaces": meshNamespacePolicies({
    vpcCidrs: VPC,
    controlPlaneCidrs: VPC,
    upstreamPorts: [8000],
    scraperNamespace: "monitoring",
    jwks: true,
  }),
};

/** The labels a policy's podSelector asks for (so that only the quarantine label can make it miss). */
const wanted = (p: NetworkPolicyObject): Record<string, string> => ({
  ...((p.spec.podSelector as { matchLabels?: Record<string, string> }).matchLabels ?? {}),
});

describe("withQuarantine", () => {
  test("an allow selecting every pod becomes every pod but the quarantined; a selector keeps its labels", () => {
    assert.deepEqual(excludeQuarantined({}), { matchExpressions: [NOT_QUARANTINED] });
    assert.deepEqual(excludeQuarantined(undefined), { matchExpressions: [NOT_QUARANTINED] });
    assert.deepEqual(
      excludeQuarantined({ matchLabels: { app: "x" }, matchExpressions: [{ key: "t", operator: "Exists" }] }),
      {
        matchLabels: { app: "x" },
        matchExpressions: [{ key: "t", operator: "Exists" }, NOT_QUARANTINED],
      },
    );
    const once = excludeQuarantined({ matchLabels: { app: "x" } });
    assert.deepEqual(excludeQuarantined(once), once, "idempotent");
  });

  test("an Output selector is refused, never left open to quarantined pods", () => {
    assert.throws(() => excludeQuarantined({ apply: () => undefined }), /plain data/);
  });

  test("the quarantine policy: the label's pods, both directions, no rule", () => {
    assert.deepEqual(quarantinePolicy("llm"), {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "quarantine", namespace: "llm" },
      spec: {
        podSelector: { matchLabels: { "rampart.io/quarantine": "true" } },
        policyTypes: ["Ingress", "Egress"],
      },
    });
  });

  test("deny-only policies keep selecting every pod; one quarantine per namespace; applying twice changes nothing", () => {
    const deny = quarantinePolicy("a");
    const input: NetworkPolicyObject[] = [
      {
        ...deny,
        metadata: { name: "default-deny-all", namespace: "a" },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      },
      { ...deny, metadata: { name: "allow", namespace: "b" }, spec: { podSelector: {}, ingress: [{}] } },
      { ...deny, metadata: { name: "empty-rules", namespace: "b" }, spec: { podSelector: {}, egress: [] } },
    ];
    const out = withQuarantine(input);
    assert.deepEqual(out[0]!.spec.podSelector, {});
    assert.deepEqual(out[1]!.spec.podSelector, { matchExpressions: [NOT_QUARANTINED] });
    assert.deepEqual(out[2]!.spec.podSelector, {}, "an empty rule list allows nothing");
    assert.deepEqual(
      out.filter((p) => p.metadata.name === "quarantine").map((p) => p.metadata.namespace),
      ["a", "b"],
    );
    assert.deepEqual(withQuarantine(out), out);
  });

  test("property: no allow ever selects a quarantined pod, whatever its other labels", () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    fc.assert(
      fc.property(fc.dictionary(label, label), fc.dictionary(label, label), (sel, extra) => {
        const [p] = withQuarantine([
          {
            ...quarantinePolicy("n"),
            metadata: { name: "p", namespace: "n" },
            spec: { podSelector: { matchLabels: sel }, ingress: [{}] },
          },
        ]);
        const pod = { ...extra, ...sel };
        return (
          selects(p!.spec.podSelector, { ...pod, [QUARANTINE_LABEL]: "true" }) === false &&
          selects(p!.spec.podSelector, pod) === true
        );
      }),
    );
  });
});

describe("every namespace we police is quarantine-ready", () => {
  for (const [what, policies] of Object.entries(EVERY_BUILDER)) {
    test(`${what}: each namespace has \`quarantine\`, and no allow selects a quarantined pod`, () => {
      const namespaces = [...new Set(policies.map((p) => p.metadata.namespace))];
      for (const ns of namespaces)
        assert.ok(
          policies.some((p) => p.metadata.namespace === ns && p.metadata.name === "quarantine"),
          `${ns} has quarantine`,
        );
      const allows = policies.filter((p) => allowsSomething(p.spec));
      assert.ok(allows.length > 0);
      for (const p of allows) {
        const labels = wanted(p);
        assert.equal(selects(p.spec.podSelector, labels), true, `${p.metadata.name} selects its pods`);
        assert.equal(
          selects(p.spec.podSelector, { ...labels, [QUARANTINE_LABEL]: "true" }),
          false,
          `${p.metadata.namespace}/${p.metadata.name} excludes quarantined pods`,
        );
      }
    });
  }

  test("through the evaluator: a quarantined Vault pod reaches nothing and nothing reaches it; unlabelled, it does", () => {
    const resources: ExportResource[] = EVERY_BUILDER.vault!.map((o) => ({
      urn: `urn:np:${o.metadata.namespace}/${o.metadata.name}`,
      type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      inputs: o as unknown as Record<string, unknown>,
    }));
    const model = buildClusterModel(resources);
    const vault = {
      "app.kubernetes.io/name": "vault",
      "app.kubernetes.io/instance": "vault",
      component: "server",
    };
    const quarantined = { ...vault, [QUARANTINE_LABEL]: "true" };
    const client = { namespace: "llm", labels: { app: "x" }, sidecar: false };
    const dns = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, port: 53 };
    const decide = (from: any, to: any) => networkPolicyLayer(model, from, to, []).decision;
    assert.equal(decide(client, { namespace: "vault", labels: vault, port: 8200 }), "allow");
    assert.equal(decide(client, { namespace: "vault", labels: quarantined, port: 8200 }), "deny");
    assert.equal(decide({ namespace: "vault", labels: vault }, dns), "allow");
    assert.equal(decide({ namespace: "vault", labels: quarantined }, dns), "deny");
  });
});
