import assert from "node:assert/strict";
import { test } from "node:test";
import { QUARANTINE_LABEL, QUARANTINE_VALUE } from "../../../components/shared/quarantine";
import { networkPolicies } from "../../../components/workloads/inferenceNamespace.logic";
import * as packQuarantine from "../../../policy-pack/lib/quarantine";
import { networkPolicyRequireQuarantineExclusion as policy } from "../../../policy-pack/policies/k8s-network/networkPolicyRequireQuarantineExclusion";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const NP_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const np = (name: string, namespace: unknown, spec: unknown) => ({
  type: NP_TYPE,
  name: `${String(namespace)}-${name}`,
  props: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec },
});
const QUARANTINE = {
  podSelector: { matchLabels: { "rampart.io/quarantine": "true" } },
  policyTypes: ["Ingress", "Egress"],
};
const ALLOW = {
  podSelector: { matchLabels: { app: "llm" } },
  policyTypes: ["Ingress"],
  ingress: [{ from: [{ podSelector: {} }] }],
};
const urn = (name: string) => `urn:pulumi:test::rampart::${NP_TYPE}::${name}`;
const msg = (name: string, ns: string) =>
  `NetworkPolicy "${name}" in namespace "${ns}" allows traffic to pods labelled rampart.io/quarantine: add ` +
  "matchExpressions [{key: rampart.io/quarantine, operator: DoesNotExist}] to its podSelector (withQuarantine in " +
  "components/shared/networkPolicy.ts).";

test("the pack's copy of the label equals the components'", () => {
  assert.equal(packQuarantine.QUARANTINE_LABEL, QUARANTINE_LABEL);
  assert.equal(packQuarantine.QUARANTINE_VALUE, QUARANTINE_VALUE);
});

test("our InferenceNamespace's policies pass", async () => {
  const objects = networkPolicies("llm", "istio-ingress", [{ name: "data", cidrs: ["10.0.0.0/24"] }]);
  assert.deepEqual(
    await validateStack(
      policy,
      objects.map((o) => np(o.metadata.name, o.metadata.namespace, o.spec)),
    ),
    [],
  );
});

test("an allow that selects quarantined pods is flagged", async () => {
  assert.deepEqual(
    await validateStack(policy, [np("quarantine", "llm", QUARANTINE), np("allow", "llm", ALLOW)]),
    [{ message: msg("allow", "llm"), urn: urn("llm-allow") }],
  );
});

test("podSelector {} (every pod) is flagged too; an egress-only allow too", async () => {
  const out = await validateStack(policy, [
    np("quarantine", "llm", QUARANTINE),
    np("all", "llm", { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 53 }] }] }),
  ]);
  assert.deepEqual(out, [{ message: msg("all", "llm"), urn: urn("llm-all") }]);
});

for (const [what, selector] of [
  [
    "DoesNotExist",
    {
      matchLabels: { app: "llm" },
      matchExpressions: [{ key: "rampart.io/quarantine", operator: "DoesNotExist" }],
    },
  ],
  [
    "NotIn [true]",
    { matchExpressions: [{ key: "rampart.io/quarantine", operator: "NotIn", values: ["true"] }] },
  ],
  ["another value of the label", { matchLabels: { "rampart.io/quarantine": "false" } }],
] as const)
  test(`an allow that excludes them with ${what} passes`, async () => {
    assert.deepEqual(
      await validateStack(policy, [
        np("quarantine", "llm", QUARANTINE),
        np("allow", "llm", { ...ALLOW, podSelector: selector }),
      ]),
      [],
    );
  });

test("a selector requiring an empty value of the label leaves quarantined pods out", async () => {
  const allow = { ...ALLOW, podSelector: { matchLabels: { "rampart.io/quarantine": "" } } };
  assert.deepEqual(
    await validateStack(policy, [np("quarantine", "llm", QUARANTINE), np("allow", "llm", allow)]),
    [],
  );
});

test("deny-only policies, and namespaces without a quarantine policy, are not flagged", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      np("quarantine", "llm", QUARANTINE),
      np("default-deny-all", "llm", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
      np("allow", "other", ALLOW),
    ]),
    [],
  );
});

test("unknown values are not flagged", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      np("quarantine", "llm", QUARANTINE),
      np("a", "llm", { ...ALLOW, podSelector: UNKNOWN.object }),
      np("b", UNKNOWN.string, ALLOW),
      np("c", "llm", { ...ALLOW, ingress: UNKNOWN.array }),
    ]),
    [],
  );
});
