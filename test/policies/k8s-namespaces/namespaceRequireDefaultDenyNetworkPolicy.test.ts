import assert from "node:assert/strict";
import { test } from "node:test";
import { namespaceRequireDefaultDenyNetworkPolicy as policy } from "../../../policy-pack/policies/k8s-namespaces/namespaceRequireDefaultDenyNetworkPolicy";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const NS_TYPE = "kubernetes:core/v1:Namespace";
const NP_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const namespace = (name: string) => ({
  type: NS_TYPE,
  name,
  props: { apiVersion: "v1", kind: "Namespace", metadata: { name } },
});
const np = (name: string, namespace: unknown, spec: Record<string, any>) => ({
  type: NP_TYPE,
  name,
  props: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec },
});
const denyAll = (ns: unknown = "inference") =>
  np(`deny-${String(ns)}`, ns, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const urn = (name: string) => `urn:pulumi:test::rampart::${NS_TYPE}::${name}`;
const msg = (ns: string, dirs: string) =>
  `Namespace "${ns}" has no default-deny NetworkPolicy for ${dirs}: add a NetworkPolicy with podSelector: {} ` +
  "and policyTypes [Ingress, Egress] and no allow-all rule.";

test("a namespace with a default-deny policy passes", async () => {
  assert.deepEqual(await validateStack(policy, [namespace("inference"), denyAll()]), []);
});

test("a namespace with no NetworkPolicy is flagged on the namespace", async () => {
  assert.deepEqual(await validateStack(policy, [namespace("inference"), denyAll("other")]), [
    { message: msg("inference", "Ingress and Egress"), urn: urn("inference") },
  ]);
});

test("one policy per direction counts; allow rules beside the deny are fine", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      namespace("inference"),
      np("in", "inference", { podSelector: {}, policyTypes: ["Ingress"] }),
      np("out", "inference", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
            ports: [{ port: 53, protocol: "UDP" }],
          },
        ],
      }),
    ]),
    [],
  );
});

test("policyTypes absent means Ingress only (no egress rules), so Egress is missing", async () => {
  assert.deepEqual(
    await validateStack(policy, [namespace("inference"), np("in", "inference", { podSelector: {} })]),
    [{ message: msg("inference", "Egress"), urn: urn("inference") }],
  );
});

test("a selector that narrows the pods, or an allow-all rule, does not count", async () => {
  const bad = [
    np("narrow", "inference", {
      podSelector: { matchLabels: { app: "x" } },
      policyTypes: ["Ingress", "Egress"],
    }),
    np("allow-all-in", "inference", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] }),
    np("allow-world-out", "inference", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
    }),
  ];
  assert.deepEqual(await validateStack(policy, [namespace("inference"), ...bad]), [
    { message: msg("inference", "Ingress and Egress"), urn: urn("inference") },
  ]);
});

test("a NetworkPolicy without a namespace lands in default", async () => {
  const noNamespace = np("deny", undefined, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  assert.deepEqual(await validateStack(policy, [namespace("default"), noNamespace]), []);
  assert.equal((await validateStack(policy, [namespace("inference"), noNamespace])).length, 1);
});

test("exempt namespaces and stacks without namespaces are not flagged", async () => {
  assert.deepEqual(await validateStack(policy, [namespace("kube-system")]), []);
  assert.deepEqual(await validateStack(policy, [namespace("tools")], { exemptNamespaces: ["tools"] }), []);
  assert.deepEqual(await validateStack(policy, [denyAll()]), []);
});

test("unknowns are not flagged: a policy's namespace, its selector or its rules", async () => {
  for (const p of [
    denyAll(UNKNOWN.string),
    np("u1", "inference", { podSelector: UNKNOWN.object, policyTypes: ["Ingress", "Egress"] }),
    np("u2", "inference", { podSelector: {}, policyTypes: UNKNOWN.array }),
    np("u3", "inference", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [UNKNOWN.object] }),
  ])
    assert.deepEqual(await validateStack(policy, [namespace("inference"), p]), []);
  // A namespace whose own name is unknown cannot be matched and is not flagged.
  assert.deepEqual(
    await validateStack(policy, [
      { type: NS_TYPE, name: "n", props: { metadata: { name: UNKNOWN.string } } },
    ]),
    [],
  );
});

test('empty strings: a deny-all in namespace "" covers no namespace; a policy type "" is not Ingress', async () => {
  assert.deepEqual(await validateStack(policy, [namespace("inference"), denyAll("")]), [
    { message: msg("inference", "Ingress and Egress"), urn: urn("inference") },
  ]);
  assert.deepEqual(
    await validateStack(policy, [
      namespace("inference"),
      np("deny", "inference", { podSelector: {}, policyTypes: ["", "Egress"] }),
    ]),
    [{ message: msg("inference", "Ingress"), urn: urn("inference") }],
  );
});

test("a namespace isolated in one direction only is flagged for the other (Ingress-only leaves egress open)", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      namespace("inference"),
      np("in", "inference", { podSelector: {}, policyTypes: ["Ingress"] }),
    ]),
    [{ message: msg("inference", "Egress"), urn: urn("inference") }],
  );
  assert.deepEqual(
    await validateStack(policy, [
      namespace("inference"),
      np("out", "inference", { podSelector: {}, policyTypes: ["Egress"] }),
    ]),
    [{ message: msg("inference", "Ingress"), urn: urn("inference") }],
  );
});

test("a deny whose rule admits every namespace or ::/0 on every port denies nothing in that direction", async () => {
  for (const [dir, rule] of [
    ["Ingress", { from: [{ namespaceSelector: {} }] }],
    ["Ingress", { from: [{ namespaceSelector: {}, podSelector: {} }], ports: [] }],
    ["Egress", { to: [{ ipBlock: { cidr: "::/0" } }] }],
  ] as const)
    assert.deepEqual(
      await validateStack(policy, [
        namespace("inference"),
        np("deny", "inference", {
          podSelector: {},
          policyTypes: ["Ingress", "Egress"],
          [dir.toLowerCase()]: [rule],
        }),
      ]),
      [{ message: msg("inference", dir), urn: urn("inference") }],
      JSON.stringify(rule),
    );
  // Narrowed by labels or ports, the rule is an allowance beside the deny.
  assert.deepEqual(
    await validateStack(policy, [
      namespace("inference"),
      np("deny", "inference", {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "ml" } } }] }],
        egress: [{ to: [{ ipBlock: { cidr: "::/0" } }], ports: [{ port: 443, protocol: "TCP" }] }],
      }),
    ]),
    [],
  );
});

test("a default deny written in the older extensions/v1beta1 API counts the same", async () => {
  const old = { ...denyAll(), type: "kubernetes:extensions/v1beta1:NetworkPolicy" };
  assert.deepEqual(await validateStack(policy, [namespace("inference"), old]), []);
});
