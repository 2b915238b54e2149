import assert from "node:assert/strict";
import { test } from "node:test";
import { networkPolicyDisallowAllowAll as policy } from "../../../policy-pack/policies/k8s-network/networkPolicyDisallowAllowAll";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const TYPES = [
  NP,
  "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch",
  "kubernetes:extensions/v1beta1:NetworkPolicy",
  "kubernetes:extensions/v1beta1:NetworkPolicyPatch",
];
const np = (spec: Record<string, unknown>) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "web", namespace: "inference" },
  spec: { podSelector: { matchLabels: { app: "web" } }, ...spec },
});
const both = { policyTypes: ["Ingress", "Egress"] };
const msg = (key: "ingress" | "egress", n: number, why: string) =>
  `NetworkPolicy "web" ${key} rule #${n} ${why}, so it allows all ${key}: ` +
  `list the ${key === "ingress" ? "from" : "to"} peers by label or CIDR and the ports the flow needs.`;
const NO_PEERS = (key: "ingress" | "egress") => `has no ${key === "ingress" ? "from" : "to"} and no ports`;
const WORLD_IN = "admits 0.0.0.0/0 or ::/0 on every port";
const WORLD_OUT = "reaches 0.0.0.0/0 or ::/0 on every port";
const EVERY_IN = "admits every pod of every namespace (empty namespaceSelector) on every port";
const EVERY_OUT = "reaches every pod of every namespace (empty namespaceSelector) on every port";

// The compliant twin: named peers and ports in both directions.
const secure = np({
  ...both,
  ingress: [
    {
      from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-ingress" } } }],
      ports: [{ port: 8080, protocol: "TCP" }],
    },
  ],
  egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/16" } }] }],
});

test("named peers and ports pass, in every type form", async () => {
  for (const t of TYPES) assert.deepEqual(await violations(policy, t, secure), [], t);
});

test("an empty rule, or a rule with empty from/to and ports, allows all: flagged per rule and direction", async () => {
  for (const t of TYPES)
    assert.deepEqual(
      await violations(
        policy,
        t,
        np({ ...both, ingress: [{ ports: [{ port: 80 }] }, {}], egress: [{ to: [], ports: [] }] }),
      ),
      [msg("ingress", 2, NO_PEERS("ingress")), msg("egress", 1, NO_PEERS("egress"))],
      t,
    );
});

test("0.0.0.0/0 and ::/0 without except, and an empty namespaceSelector, allow all", async () => {
  assert.deepEqual(
    await violations(
      policy,
      NP,
      np({
        ...both,
        ingress: [
          { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] },
          {
            from: [{ podSelector: { matchLabels: { app: "a" } } }, { ipBlock: { cidr: "::/0", except: [] } }],
          },
          { from: [{ namespaceSelector: {} }] },
          { from: [{ namespaceSelector: { matchLabels: {}, matchExpressions: [] }, podSelector: {} }] },
        ],
        egress: [{ to: [{ ipBlock: { cidr: " ::/0 " } }] }, { to: [{ namespaceSelector: {} }] }],
      }),
    ),
    [
      msg("ingress", 1, WORLD_IN),
      msg("ingress", 2, WORLD_IN),
      msg("ingress", 3, EVERY_IN),
      msg("ingress", 4, EVERY_IN),
      msg("egress", 1, WORLD_OUT),
      msg("egress", 2, EVERY_OUT),
    ],
  );
});

test("narrowed peers pass: except, labels, own-namespace podSelector {}, or ports", async () => {
  assert.deepEqual(
    await violations(
      policy,
      NP,
      np({
        ...both,
        ingress: [
          { from: [{ podSelector: {} }] },
          { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: "gw" } } }] },
          { from: [{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "Exists" }] } }] },
          { from: [{ namespaceSelector: {} }], ports: [{ port: 15012, protocol: "TCP" }] },
        ],
        egress: [
          { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] },
          { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443, protocol: "TCP" }] },
        ],
      }),
    ),
    [],
  );
});

test("a direction outside policyTypes is not in force; omitted policyTypes means Ingress (+ Egress with rules)", async () => {
  assert.deepEqual(await violations(policy, NP, np({ policyTypes: ["Ingress"], egress: [{}] })), []);
  assert.deepEqual(await violations(policy, NP, np({ policyTypes: ["Egress"], ingress: [{}] })), []);
  assert.deepEqual(await violations(policy, NP, np({ ingress: [{}], egress: [{}] })), [
    msg("ingress", 1, NO_PEERS("ingress")),
    msg("egress", 1, NO_PEERS("egress")),
  ]);
  // A patch without policyTypes keeps the live ones: the rules it writes are judged.
  assert.deepEqual(
    await violations(policy, "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch", {
      metadata: { name: "web" },
      spec: { egress: [{}] },
    }),
    [msg("egress", 1, NO_PEERS("egress"))],
  );
});

test("missing blocks: no spec, no rules, or a default deny pass", async () => {
  assert.deepEqual(await violations(policy, NP, { metadata: { name: "web" } }), []);
  assert.deepEqual(await violations(policy, NP, np(both)), []);
  assert.deepEqual(
    await violations(policy, NP, np({ ...both, podSelector: {}, ingress: [], egress: [] })),
    [],
  );
});

test('empty strings: a cidr or policy type of "" admits nothing and is not in force', async () => {
  assert.deepEqual(
    await violations(policy, NP, np({ ...both, ingress: [{ from: [{ ipBlock: { cidr: "" } }] }] })),
    [],
  );
  assert.deepEqual(await violations(policy, NP, np({ policyTypes: [""], ingress: [{}] })), []);
  // An unnamed policy is still reported, by a placeholder.
  const unnamed = { ...np({ ...both, ingress: [{}] }), metadata: { name: "" } };
  assert.deepEqual(await violations(policy, NP, unnamed), [
    msg("ingress", 1, NO_PEERS("ingress")).replace('"web"', '""'),
  ]);
});

test("unknown values are not read as allow-all: they are not inspectable (the SDK's note; the policy runs again with known values at pulumi up)", async () => {
  // Each spec with the path of the unknown value the note names (undefined: no note).
  const cases: [Record<string, unknown> | string, string | undefined][] = [
    [UNKNOWN.object, ".spec"],
    [{ policyTypes: UNKNOWN.array, ingress: [{}] }, ".spec.policyTypes"],
    [{ ...both, ingress: UNKNOWN.array }, ".spec.ingress"],
    // An unknown entry of the rule list is skipped without a note.
    [{ ...both, ingress: [UNKNOWN.object] }, undefined],
    [{ ...both, ingress: [{ from: UNKNOWN.array }] }, ".spec.ingress.0.from"],
    [{ ...both, ingress: [{ ports: UNKNOWN.array }] }, ".spec.ingress.0.ports"],
    [
      { ...both, ingress: [{ from: [{ ipBlock: { cidr: UNKNOWN.string } }] }] },
      ".spec.ingress.0.from.0.ipBlock.cidr",
    ],
    [
      { ...both, ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0", except: UNKNOWN.array } }] }] },
      ".spec.ingress.0.from.0.ipBlock.except",
    ],
    [
      { ...both, ingress: [{ from: [{ namespaceSelector: UNKNOWN.object }] }] },
      ".spec.ingress.0.from.0.namespaceSelector",
    ],
    [
      { ...both, ingress: [{ from: [{ namespaceSelector: {}, podSelector: UNKNOWN.object }] }] },
      ".spec.ingress.0.from.0.podSelector",
    ],
  ];
  for (const [spec, path] of cases)
    assert.deepEqual(
      await validate(policy, { type: NP, props: { metadata: { name: "web" }, spec } }),
      path === undefined
        ? { violations: [] }
        : { violations: [], unknownRead: `string value at ${path} can't be known during preview` },
      JSON.stringify(spec),
    );
  // An unknown peer beside a world peer does not hide it.
  assert.deepEqual(
    await violations(
      policy,
      NP,
      np({ ...both, ingress: [{ from: [UNKNOWN.object, { ipBlock: { cidr: "0.0.0.0/0" } }] }] }),
    ),
    [msg("ingress", 1, WORLD_IN)],
  );
});
