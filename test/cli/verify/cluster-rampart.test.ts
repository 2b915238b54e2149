import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  meshEndpoints,
  meshServicePorts,
  parseClusterCases,
  rampartClusterCases,
  verifyCluster,
} from "../../../cli/verify/cluster";
import type { ExportResource } from "../../../cli/verify/network";
import { authz, GATEWAY, meshNamespace, netpol, ns, peerAuth, strictMesh } from "./clusterFixture";

const mesh = (...extra: ExportResource[]) => [strictMesh(), ...meshNamespace(), ...extra];
const failing = (resources: ExportResource[]) =>
  verifyCluster(resources, rampartClusterCases(resources))
    .filter((v) => !v.pass)
    .map((v) => v.id);

describe("rampartClusterCases on issue #12's design", () => {
  const resources = mesh();
  const cases = rampartClusterCases(resources);

  test("one endpoint found from the VirtualService, with the scraper's metrics port", () => {
    assert.deepEqual(meshEndpoints(resources), [
      {
        namespace: "inference",
        name: "llm",
        port: 8000,
        pathPrefix: "/v1/",
        host: "api.example.com",
        metricsPort: 8000,
      },
    ]);
    assert.deepEqual(meshServicePorts(mesh()), [8000]);
  });

  test("the seven cases, each citing its source, round-trip through parseClusterCases", () => {
    assert.deepEqual(
      cases.map((c) => `${c.id} ${c.expect}`),
      [
        "inference-llm-gateway-with-jwt allow",
        "inference-llm-gateway-without-jwt deny",
        "inference-llm-scraper-metrics allow",
        "inference-llm-scraper-inference deny",
        "inference-llm-other-namespace deny",
        "inference-llm-same-namespace deny",
        "inference-llm-no-sidecar deny",
      ],
    );
    for (const c of cases)
      assert.match(c.cite ?? "", /^https:\/\/(istio\.io|kubernetes\.io)\/|^issue #12/, c.id);
    assert.deepEqual(parseClusterCases(JSON.parse(JSON.stringify({ cluster: cases }))), cases);
  });

  test("all pass on the design", () => assert.deepEqual(failing(resources), []));

  test("each case is decided by the layer that should: NetworkPolicy for other namespaces, mTLS for plaintext", () => {
    const v = new Map(verifyCluster(resources, cases).map((x) => [x.id, x]));
    assert.match(v.get("inference-llm-other-namespace")!.reason, /^deny: networkPolicy: ingress refused/);
    assert.match(v.get("inference-llm-no-sidecar")!.reason, /^deny: peerAuthentication: STRICT mTLS/);
    assert.match(
      v.get("inference-llm-gateway-without-jwt")!.reason,
      /^deny: authorizationPolicy: no ALLOW rule/,
    );
  });

  test("a namespace with a different port and metrics port", () => {
    const r = [
      strictMesh(),
      ...meshNamespace({ namespace: "chat", app: "vllm", port: 8080, metricsPort: 9090 }),
    ];
    assert.deepEqual(meshServicePorts(r), [8080]);
    assert.equal(meshEndpoints(r)[0]!.metricsPort, 9090);
    assert.deepEqual(failing(r), []);
  });

  test("no mesh objects, no cases", () => assert.deepEqual(rampartClusterCases([strictMesh()]), []));
});

describe("the cases catch each way the design can be loosened", () => {
  const replace = (name: string, by: ExportResource) => [
    strictMesh(),
    ...meshNamespace().map((r) => (r.urn.endsWith(`::inference-${name}`) ? by : r)),
  ];
  test("the gateway allow without requestPrincipals: the token is not required", () => {
    const loose = authz("inference", "llm-allow-gateway", {
      selector: { matchLabels: { app: "llm" } },
      rules: [{ from: [{ source: { principals: [GATEWAY] } }] }],
    });
    assert.deepEqual(failing(replace("llm-allow-gateway", loose)), ["inference-llm-gateway-without-jwt"]);
  });
  test("PERMISSIVE mTLS on the namespace: plaintext passes NetworkPolicy and PeerAuthentication", () => {
    // The allow still names a principal, which a plaintext client lacks: AuthorizationPolicy catches it.
    const v = verifyCluster(
      mesh(peerAuth("inference", "permissive", { mtls: { mode: "PERMISSIVE" } })),
      rampartClusterCases(mesh()),
    ).find((x) => x.id === "inference-llm-no-sidecar")!;
    assert.equal(v.verdict, "deny");
    assert.equal(v.layers.find((l) => l.layer === "peerAuthentication")!.decision, "allow");
  });
  test("PERMISSIVE mesh, an allow-all AuthorizationPolicy and an open NetworkPolicy: every deny case fails", () => {
    const r = [
      peerAuth("istio-system", "default", { mtls: { mode: "PERMISSIVE" } }),
      ...meshNamespace(),
      authz("inference", "allow-all", { rules: [{}] }),
      netpol("inference", "allow-all", { podSelector: {}, ingress: [{}], egress: [{}] }),
    ];
    assert.deepEqual(failing(r), [
      "inference-llm-gateway-without-jwt",
      "inference-llm-scraper-inference",
      "inference-llm-other-namespace",
      "inference-llm-same-namespace",
      "inference-llm-no-sidecar",
    ]);
  });
  test("the namespace not labelled for injection: Istio enforces nothing and the JWT case fails", () => {
    const plain = [
      strictMesh(),
      ...meshNamespace().map((r) => (r.type === "kubernetes:core/v1:Namespace" ? ns("inference") : r)),
    ];
    // Only the NetworkPolicies still hold: the gateway's namespace (with or without a sidecar, with or
    // without a token) and the monitoring namespace on the metrics port (here the API port) get through.
    assert.deepEqual(failing(plain), [
      "inference-llm-gateway-without-jwt",
      "inference-llm-scraper-inference",
      "inference-llm-no-sidecar",
    ]);
  });
});
