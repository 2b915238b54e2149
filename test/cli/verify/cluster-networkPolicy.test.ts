import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildClusterModel, selects, verifyCluster, type ClusterCase } from "../../../cli/verify/cluster";
import { netpol, ns } from "./clusterFixture";

describe("label selectors (three-valued)", () => {
  const table: [string, unknown, Record<string, string>, boolean, boolean | undefined][] = [
    ["empty selects everything", {}, {}, true, true],
    ["matchLabels equal", { matchLabels: { app: "llm" } }, { app: "llm", x: "y" }, true, true],
    ["matchLabels differ", { matchLabels: { app: "llm" } }, { app: "web" }, true, false],
    [
      "In",
      { matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] },
      { tier: "b" },
      true,
      true,
    ],
    [
      "NotIn on a missing label matches",
      { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["a"] }] },
      {},
      true,
      true,
    ],
    ["Exists", { matchExpressions: [{ key: "tier", operator: "Exists" }] }, { tier: "" }, true, true],
    [
      "DoesNotExist",
      { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] },
      { tier: "a" },
      true,
      false,
    ],
    [
      "DoesNotExist on an absent label matches (quarantine: every allow excludes the label)",
      {
        matchLabels: { app: "llm" },
        matchExpressions: [{ key: "rampart.io/quarantine", operator: "DoesNotExist" }],
      },
      { app: "llm" },
      true,
      true,
    ],
    [
      "DoesNotExist on a namespace's incomplete labels cannot be told",
      { matchExpressions: [{ key: "team", operator: "DoesNotExist" }] },
      {},
      false,
      undefined,
    ],
    [
      "unknown operator cannot be told",
      { matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] },
      {},
      true,
      undefined,
    ],
    [
      "a label missing from an incomplete set cannot be told",
      { matchLabels: { team: "x" } },
      {},
      false,
      undefined,
    ],
    [
      "a known label that differs decides even when incomplete",
      { matchLabels: { app: "x" } },
      { app: "y" },
      false,
      false,
    ],
  ];
  for (const [name, sel, labels, complete, want] of table)
    test(name, () => assert.equal(selects(sel, labels, complete), want));
});

const deny = (n: string) =>
  netpol(n, "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const req = (over: Partial<ClusterCase> = {}): ClusterCase => ({
  id: "c",
  from: { namespace: "client", labels: { app: "c" } },
  to: { namespace: "server", labels: { app: "s" }, port: 8000 },
  expect: "allow",
  cite: "x",
  ...over,
});
/** The NetworkPolicy layer's decision alone (the target namespace is not injected, so Istio is out). */
const decide = (resources: Parameters<typeof verifyCluster>[0], c = req()) => {
  const v = verifyCluster([ns("server"), ns("client"), ...resources], [c])[0]!;
  return v.layers.find((l) => l.layer === "networkPolicy")!;
};

describe("NetworkPolicy", () => {
  test("no policy: not isolated, allowed", () => assert.equal(decide([]).decision, "allow"));
  test("default-deny on the target refuses, naming the policy", () => {
    const l = decide([deny("server")]);
    assert.equal(l.decision, "deny");
    assert.match(l.reason, /ingress refused: server\/default-deny isolate the pod/);
  });
  test("an ingress rule from the client's namespace on the port admits; another port does not", () => {
    const allow = netpol("server", "from-client", {
      podSelector: { matchLabels: { app: "s" } },
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "client" } } }],
          ports: [{ port: 8000 }],
        },
      ],
    });
    assert.equal(decide([deny("server"), allow]).decision, "allow");
    assert.match(
      decide([deny("server"), allow]).reason,
      /ingress allowed by server\/from-client ingress\[0\]/,
    );
    assert.equal(
      decide([deny("server"), allow], req({ to: { namespace: "server", labels: { app: "s" }, port: 9000 } }))
        .decision,
      "deny",
    );
  });
  test("a podSelector alone means pods of the policy's own namespace", () => {
    const samens = netpol("server", "same", {
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "c" } } }] }],
    });
    // Ingress-only isolation here: the client now lives in the same namespace, whose egress stays open.
    const denyIn = netpol("server", "deny-in", { podSelector: {}, policyTypes: ["Ingress"] });
    assert.equal(decide([denyIn, samens]).decision, "deny");
    const inNs = req({ from: { namespace: "server", labels: { app: "c" } } });
    assert.equal(decide([denyIn, samens], inNs).decision, "allow");
    assert.equal(decide([deny("server"), samens], inNs).decision, "deny", "its own egress is denied");
  });
  test("namespaceSelector AND podSelector in one peer both apply", () => {
    const both = netpol("server", "both", {
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "client" } },
              podSelector: { matchLabels: { app: "other" } },
            },
          ],
        },
      ],
    });
    assert.equal(decide([deny("server"), both]).decision, "deny");
  });
  test("endPort makes a range", () => {
    const range = netpol("server", "range", {
      podSelector: {},
      ingress: [{ ports: [{ protocol: "TCP", port: 7000, endPort: 8080 }] }],
    });
    assert.equal(decide([deny("server"), range]).decision, "allow");
    assert.equal(
      decide([deny("server"), range], req({ to: { namespace: "server", labels: {}, port: 8081 } })).decision,
      "deny",
    );
  });
  test("a UDP-only rule does not admit TCP; a named port cannot be told", () => {
    const udp = netpol("server", "udp", {
      podSelector: {},
      ingress: [{ ports: [{ protocol: "UDP", port: 8000 }] }],
    });
    assert.equal(decide([deny("server"), udp]).decision, "deny");
    const named = netpol("server", "named", { podSelector: {}, ingress: [{ ports: [{ port: "http" }] }] });
    assert.equal(decide([deny("server"), named]).decision, "undecidable");
  });
  test("ipBlock never matches a pod peer", () => {
    const ip = netpol("server", "ip", {
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
    });
    assert.equal(decide([deny("server"), ip]).decision, "deny");
  });
  test("the client's egress counts too: default-deny in the client's namespace refuses", () => {
    const l = decide([deny("client")]);
    assert.equal(l.decision, "deny");
    assert.match(l.reason, /egress refused: client\/default-deny/);
  });
  test("a policy with only egress rules does not isolate ingress unless policyTypes says so", () => {
    const eg = netpol("server", "eg", { podSelector: {}, egress: [] });
    assert.equal(decide([eg]).decision, "deny", "egress present: policyTypes defaults to Ingress and Egress");
    const egOnly = netpol("server", "eg", { podSelector: {}, policyTypes: ["Egress"] });
    assert.equal(decide([egOnly]).decision, "allow");
  });
  test("a namespace label the export does not show cannot be told (the namespace is not in the export)", () => {
    const team = netpol("server", "team", {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }] }],
    });
    const c = req({ from: { namespace: "elsewhere" } });
    assert.equal(decide([deny("server"), team], c).decision, "undecidable");
    assert.ok(buildClusterModel([ns("x")]).namespaces.has("x"));
  });
});
