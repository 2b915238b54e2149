import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rampartClusterCases, verifyCluster } from "../../../cli/verify/cluster";
import type { ExportResource } from "../../../cli/verify/network";
import { KUBE_DNS_EGRESS, quarantinePolicy, withQuarantine } from "../../../components/shared/networkPolicy";
import { meshNamespace, netpol, ns, strictMesh } from "./clusterFixture";

/**
 * The quarantine cases: derived for every endpoint whose namespace has a `quarantine` policy; they pass
 * on policies made by withQuarantine, and fail when one allow forgets to exclude quarantined pods.
 */

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** Issue #12's namespace with DNS allowed, its NetworkPolicies passed through `transform`. */
function exportWith(transform: (nps: any[]) => any[]): ExportResource[] {
  const base = [
    ns("kube-system"),
    ns("istio-system"),
    strictMesh(),
    ...meshNamespace(),
    netpol("inference", "allow-dns", { podSelector: {}, policyTypes: ["Egress"], egress: [KUBE_DNS_EGRESS] }),
  ];
  const others = base.filter((r) => r.type !== NP);
  const nps = base.filter((r) => r.type === NP).map((r) => r.inputs as any);
  return [...others, ...transform(nps).map((o) => netpol(o.metadata.namespace, o.metadata.name, o.spec))];
}
const quarantineCases = (resources: ExportResource[]) =>
  rampartClusterCases(resources).filter((c) => c.id.includes("-quarantined-"));

describe("quarantine cluster cases", () => {
  test("none without a quarantine policy in the namespace (the policy pack reports that instead)", () => {
    assert.deepEqual(quarantineCases(exportWith((nps) => nps)), []);
  });

  test("with withQuarantine: the quarantined pod reaches nothing and nothing reaches it; unlabelled, it does", () => {
    const resources = exportWith((nps) => withQuarantine(nps));
    const cases = quarantineCases(resources);
    assert.deepEqual(
      cases.map((c) => `${c.id} ${c.expect}`),
      [
        "inference-llm-quarantined-from-gateway deny",
        "inference-llm-quarantined-from-scraper deny",
        "inference-llm-quarantined-to-kube-dns deny",
        "inference-llm-quarantined-to-istiod deny",
        "inference-llm-quarantined-to-namespace-peer deny",
        "inference-llm-quarantined-control-to-kube-dns allow",
        "inference-llm-quarantined-control-to-istiod allow",
      ],
    );
    const verdicts = verifyCluster(resources, cases);
    for (const v of verdicts) assert.ok(v.pass, `${v.id}: ${v.reason}`);
    const gw = verdicts.find((v) => v.id.endsWith("from-gateway"))!;
    assert.match(gw.reason, /networkPolicy: ingress refused: .*inference\/quarantine/);
  });

  test("a deny-all alone does not isolate: an allow that forgets the exclusion fails the cases", () => {
    const resources = exportWith((nps) => [...nps, quarantinePolicy("inference")]);
    const failing = verifyCluster(resources, quarantineCases(resources))
      .filter((v) => !v.pass)
      .map((v) => v.id);
    assert.deepEqual(failing, [
      "inference-llm-quarantined-from-gateway",
      "inference-llm-quarantined-from-scraper",
      "inference-llm-quarantined-to-kube-dns",
      "inference-llm-quarantined-to-istiod",
    ]);
  });
});
