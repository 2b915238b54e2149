import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { NOT_QUARANTINED } from "../../../components/shared/quarantine";
import fc from "fast-check";
import { buildClusterModel } from "../../../cli/verify/cluster/model";
import { networkPolicyLayer } from "../../../cli/verify/cluster/networkPolicy";
import type { ClusterClient, ClusterTarget } from "../../../cli/verify/cluster/types";
import type { ExportResource } from "../../../cli/verify/network/types";
import { MESH_GATEWAY_IDENTITY, MESH_NAMES } from "../../../components/mesh/serviceMesh.logic";
import {
  ISTIOD_PORTS,
  meshNamespacePolicies,
  type MeshNetworkInputs,
} from "../../../components/mesh/serviceMesh.networkPolicies";
import { GATEWAY_SERVICE_PORTS, MESH_NAMESPACES } from "../../../components/mesh/serviceMesh.values";
import {
  networkPolicies,
  type NetworkPolicyObject,
} from "../../../components/workloads/inferenceNamespace.logic";
import { resolveMesh } from "../../../components/workloads/inferenceNamespace.mesh.defaults";
import { meshArgs } from "../workloads/meshFixture";

const INPUTS: MeshNetworkInputs = {
  vpcCidrs: ["10.50.0.0/16", "100.64.0.0/16"],
  controlPlaneCidrs: ["10.50.32.0/24", "10.50.33.0/24"],
  upstreamPorts: [8000, 9000],
  scraperNamespace: "monitoring",
  jwks: true,
};

const policiesIn = (ns: string, n: MeshNetworkInputs = INPUTS) =>
  meshNamespacePolicies(n).filter((p) => p.metadata.namespace === ns);
const spec = (ns: string, name: string, n: MeshNetworkInputs = INPUTS): any => {
  const p = policiesIn(ns, n).find((x) => x.metadata.name === name);
  assert.ok(p, `${ns}/${name}`);
  return p.spec;
};
/** Every TCP port a namespace's policies admit in one direction. */
const portsOf = (ns: string, key: "ingress" | "egress", n: MeshNetworkInputs = INPUTS) =>
  policiesIn(ns, n)
    .flatMap((p: any) => p.spec[key] ?? [])
    .flatMap((r: any) => r.ports.map((x: any) => `${x.protocol}/${x.port}`))
    .sort();
const DNS = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } };
const ISTIOD_PEER = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } },
  podSelector: { matchLabels: { app: "istiod" } },
};

describe("mesh namespaces' NetworkPolicies", () => {
  test("every namespace the mesh creates has a default deny of both directions, with no rule", () => {
    for (const { name } of MESH_NAMESPACES)
      assert.deepEqual(spec(name, "default-deny-all"), {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
      });
    const namespaces = new Set(meshNamespacePolicies(INPUTS).map((p) => p.metadata.namespace));
    assert.deepEqual([...namespaces].sort(), MESH_NAMESPACES.map((n) => n.name).sort());
  });

  test("exactly these policies, each allow selecting the chart's pods (never the whole namespace)", () => {
    const names = (ns: string) => policiesIn(ns).map((p) => p.metadata.name);
    assert.deepEqual(names("istio-system"), [
      "default-deny-all",
      "allow-xds-from-mesh",
      "allow-webhook-from-control-plane",
      "allow-metrics-from-scraper",
      "allow-egress-api-server",
      "allow-dns",
      "allow-egress-jwks-outside-vpc",
      "quarantine",
    ]);
    assert.deepEqual(names("istio-ingress"), [
      "default-deny-all",
      "allow-load-balancer",
      "allow-metrics-from-scraper",
      "allow-egress-istiod",
      "allow-dns",
      "allow-egress-model-servers",
      "quarantine",
    ]);
    assert.deepEqual(names("istio-cni"), [
      "default-deny-all",
      "allow-metrics-from-scraper",
      "allow-egress-api-server",
      "quarantine",
    ]);
    const selectors = {
      "istio-system": { app: "istiod" },
      "istio-ingress": { istio: "ingressgateway" },
      "istio-cni": { "k8s-app": "istio-cni-node" },
    };
    const allows = meshNamespacePolicies(INPUTS).filter(
      (x) => !["default-deny-all", "quarantine"].includes(x.metadata.name),
    );
    for (const p of allows)
      assert.deepEqual(p.spec.podSelector, {
        matchLabels: selectors[p.metadata.namespace as keyof typeof selectors],
        matchExpressions: [NOT_QUARANTINED],
      });
  });

  test("istiod: xDS from any namespace, the webhook from the control plane's subnets, metrics from the scraper", () => {
    assert.deepEqual(portsOf("istio-system", "ingress"), ["TCP/15012", "TCP/15014", "TCP/15017"]);
    assert.deepEqual(spec("istio-system", "allow-xds-from-mesh").ingress, [
      { from: [{ namespaceSelector: {} }], ports: [{ protocol: "TCP", port: 15012 }] },
    ]);
    assert.deepEqual(spec("istio-system", "allow-webhook-from-control-plane").ingress, [
      {
        from: [{ ipBlock: { cidr: "10.50.32.0/24" } }, { ipBlock: { cidr: "10.50.33.0/24" } }],
        ports: [{ protocol: "TCP", port: 15017 }],
      },
    ]);
    assert.deepEqual(spec("istio-system", "allow-metrics-from-scraper").ingress[0].from, [
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
    ]);
    for (const closed of [ISTIOD_PORTS.debug, ISTIOD_PORTS.plaintextXds])
      assert.ok(!portsOf("istio-system", "ingress").includes(`TCP/${closed}`), String(closed));
  });

  test("istiod out: the API server (ClusterIP via default, or the control plane's interfaces), DNS, JWKS outside the VPC", () => {
    assert.deepEqual(spec("istio-system", "allow-egress-api-server").egress, [
      {
        to: [
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "default" } } },
          { ipBlock: { cidr: "10.50.32.0/24" } },
          { ipBlock: { cidr: "10.50.33.0/24" } },
        ],
        ports: [{ protocol: "TCP", port: 443 }],
      },
    ]);
    assert.deepEqual(
      spec("istio-system", "allow-dns").egress[0].to[0].namespaceSelector,
      DNS.namespaceSelector,
    );
    assert.deepEqual(spec("istio-system", "allow-egress-jwks-outside-vpc").egress, [
      {
        to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.50.0.0/16", "100.64.0.0/16"] } }],
        ports: [{ protocol: "TCP", port: 443 }],
      },
    ]);
    const noJwt = policiesIn("istio-system", { ...INPUTS, jwks: false }).map((p) => p.metadata.name);
    assert.ok(!noJwt.includes("allow-egress-jwks-outside-vpc"), "no issuer: no way out of the VPC");
  });

  test("gateway: the Service's pod ports from the VPC; out to istiod, DNS and meshed namespaces on the model ports", () => {
    assert.deepEqual(spec("istio-ingress", "allow-load-balancer").ingress, [
      {
        from: [{ ipBlock: { cidr: "10.50.0.0/16" } }, { ipBlock: { cidr: "100.64.0.0/16" } }],
        ports: GATEWAY_SERVICE_PORTS.map((p) => ({ protocol: "TCP", port: p.targetPort })),
      },
    ]);
    assert.deepEqual(portsOf("istio-ingress", "ingress"), ["TCP/15020", "TCP/15021", "TCP/443"]);
    assert.deepEqual(spec("istio-ingress", "allow-egress-istiod").egress, [
      { to: [ISTIOD_PEER], ports: [{ protocol: "TCP", port: 15012 }] },
    ]);
    assert.deepEqual(spec("istio-ingress", "allow-egress-model-servers").egress, [
      {
        to: [{ namespaceSelector: { matchLabels: { "istio-injection": "enabled" } } }],
        ports: [
          { protocol: "TCP", port: 8000 },
          { protocol: "TCP", port: 9000 },
        ],
      },
    ]);
    assert.deepEqual(portsOf("istio-ingress", "egress"), [
      "TCP/15012",
      "TCP/53",
      "TCP/8000",
      "TCP/9000",
      "UDP/53",
    ]);
    const none = policiesIn("istio-ingress", { ...INPUTS, upstreamPorts: [] }).map((p) => p.metadata.name);
    assert.ok(!none.includes("allow-egress-model-servers"), "no model port: the gateway reaches no pod");
  });

  test("istio-cni: the agent reaches the API server only (no DNS), metrics from the scraper", () => {
    assert.deepEqual(portsOf("istio-cni", "egress"), ["TCP/443"]);
    assert.deepEqual(
      spec("istio-cni", "allow-egress-api-server").egress,
      spec("istio-system", "allow-egress-api-server").egress,
    );
    assert.deepEqual(portsOf("istio-cni", "ingress"), ["TCP/15014"]);
  });

  test("property: no allow admits everything (no empty peer list, no rule without ports, no bare 0.0.0.0/0)", () => {
    const cidr = fc
      .tuple(
        fc.integer({ min: 1, max: 223 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 16, max: 28 }),
      )
      .map(([a, b, p]) => `${a}.${b}.0.0/${p}`);
    fc.assert(
      fc.property(
        fc.array(cidr, { minLength: 1, maxLength: 3 }),
        fc.array(cidr, { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 4 }),
        fc.boolean(),
        (vpcCidrs, controlPlaneCidrs, upstreamPorts, jwks) => {
          const all = meshNamespacePolicies({
            vpcCidrs,
            controlPlaneCidrs,
            upstreamPorts,
            scraperNamespace: "m",
            jwks,
          });
          for (const p of all as any[])
            for (const [key, peers] of [
              ["ingress", "from"],
              ["egress", "to"],
            ] as const)
              for (const rule of p.spec[key] ?? []) {
                assert.ok(rule.ports.length > 0, p.metadata.name);
                assert.ok(rule[peers].length > 0, p.metadata.name);
                for (const peer of rule[peers])
                  if (peer.ipBlock?.cidr === "0.0.0.0/0")
                    assert.deepEqual(peer.ipBlock.except, [...new Set(vpcCidrs)]);
              }
        },
      ),
    );
  });
});

/** The export `rampart verify` reads, for the mesh's policies plus one meshed inference namespace. */
function exportOf(objects: readonly NetworkPolicyObject[]): ExportResource[] {
  const ns = (name: string, labels: Record<string, string> = {}): ExportResource => ({
    urn: `urn:ns:${name}`,
    type: "kubernetes:core/v1:Namespace",
    inputs: { metadata: { name, labels } },
  });
  return [
    ...MESH_NAMESPACES.map((n) => ns(n.name)),
    ns("llm", { "istio-injection": "enabled" }),
    ns("plain"),
    ...objects.map((o) => ({
      urn: `urn:np:${o.metadata.namespace}/${o.metadata.name}`,
      type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      inputs: o as unknown as Record<string, unknown>,
    })),
  ];
}

describe("reachability with an inference namespace, as rampart verify decides it", () => {
  const inference = networkPolicies(
    "llm",
    MESH_NAMES.gatewayNamespace,
    [],
    undefined,
    resolveMesh({ ...meshArgs(), gateway: MESH_GATEWAY_IDENTITY }),
  );
  const model = buildClusterModel(exportOf([...meshNamespacePolicies(INPUTS), ...inference]));
  const gateway: ClusterClient = { namespace: "istio-ingress", labels: { istio: "ingressgateway" } };
  const sidecar: ClusterClient = { namespace: "llm", labels: { app: "vllm" } };
  const istiod = (port: number): ClusterTarget => ({
    namespace: "istio-system",
    labels: { app: "istiod" },
    port,
  });
  // A namespace without policies (its egress open): only istio-system's ingress decides.
  const open: ClusterClient = { namespace: "plain", labels: { app: "x" } };
  const cases: [string, ClusterClient, ClusterTarget, "allow" | "deny"][] = [
    ["any pod reaches xDS (its token or certificate authenticates it)", open, istiod(15012), "allow"],
    ["no pod reaches istiod's debug port", open, istiod(8080), "deny"],
    ["no pod reaches plaintext xDS", open, istiod(15010), "deny"],
    ["no pod reaches the webhook port (only the control plane's subnets)", open, istiod(15017), "deny"],
    [
      "no pod reaches the CNI agent",
      open,
      { namespace: "istio-cni", labels: { "k8s-app": "istio-cni-node" }, port: 15014 },
      "deny",
    ],
    ["a sidecar gets its configuration and certificate", sidecar, istiod(15012), "allow"],
    ["the gateway gets its configuration and certificate", gateway, istiod(15012), "allow"],
    [
      "the gateway reaches the model server",
      gateway,
      { namespace: "llm", labels: { app: "vllm" }, port: 8000 },
      "allow",
    ],
    [
      "the scraper reads istiod's metrics",
      { namespace: "monitoring", labels: { app: "prometheus" } },
      istiod(15014),
      "allow",
    ],
    ["a sidecar cannot reach istiod's debug port", sidecar, istiod(8080), "deny"],
    ["a sidecar cannot speak plaintext xDS", sidecar, istiod(15010), "deny"],
    ["a pod cannot call the webhook port", sidecar, istiod(15017), "deny"],
    [
      "another namespace cannot read istiod's metrics",
      { namespace: "plain", labels: { app: "x" } },
      istiod(15014),
      "deny",
    ],
    [
      "the gateway cannot reach a non-meshed namespace",
      gateway,
      { namespace: "plain", labels: { app: "x" }, port: 8000 },
      "deny",
    ],
    ["the gateway cannot reach istiod's debug port", gateway, istiod(8080), "deny"],
    [
      "istiod cannot open connections to model servers",
      { namespace: "istio-system", labels: { app: "istiod" } },
      { namespace: "llm", labels: { app: "vllm" }, port: 8000 },
      "deny",
    ],
    [
      "the CNI agent cannot reach istiod",
      { namespace: "istio-cni", labels: { "k8s-app": "istio-cni-node" } },
      istiod(15012),
      "deny",
    ],
    [
      "a model server cannot reach the gateway's status port",
      sidecar,
      { namespace: "istio-ingress", labels: { istio: "ingressgateway" }, port: 15021 },
      "deny",
    ],
  ];
  for (const [label, from, to, expected] of cases)
    test(`${expected}: ${label}`, () => {
      const r = networkPolicyLayer(model, from, to, []);
      assert.equal(r.decision, expected, r.reason);
    });
});
