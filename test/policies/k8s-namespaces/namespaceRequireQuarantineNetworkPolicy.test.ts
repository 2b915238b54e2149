import assert from "node:assert/strict";
import { test } from "node:test";
import { withQuarantine } from "../../../components/shared/networkPolicy";
import { networkPolicies } from "../../../components/workloads/inferenceNamespace.logic";
import { namespaceRequireQuarantineNetworkPolicy as policy } from "../../../policy-pack/policies/k8s-namespaces/namespaceRequireQuarantineNetworkPolicy";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const NP_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const np = (name: string, namespace: unknown, spec: unknown) => ({
  type: NP_TYPE,
  name: `${String(namespace)}-${name}`,
  props: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec },
});
const DENY = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
const QUARANTINE = {
  podSelector: { matchLabels: { "rampart.io/quarantine": "true" } },
  policyTypes: ["Ingress", "Egress"],
};
const urn = (name: string) => `urn:pulumi:test::rampart::${NP_TYPE}::${name}`;
const msg = (ns: string) =>
  `Namespace "${ns}" has a default-deny NetworkPolicy but no quarantine policy: add a NetworkPolicy with podSelector ` +
  'matchLabels {"rampart.io/quarantine": "true"}, policyTypes [Ingress, Egress] and no rule (withQuarantine in ' +
  "components/shared/networkPolicy.ts).";

test("our InferenceNamespace's policies pass", async () => {
  const objects = networkPolicies("llm", "istio-ingress", []);
  const resources = objects.map((o) => np(o.metadata.name, o.metadata.namespace, o.spec));
  assert.deepEqual(await validateStack(policy, resources), []);
});

test("a default-deny namespace without a quarantine policy is flagged on its deny policy", async () => {
  assert.deepEqual(await validateStack(policy, [np("default-deny-all", "llm", DENY)]), [
    { message: msg("llm"), urn: urn("llm-default-deny-all") },
  ]);
});

test("a quarantine policy in another namespace does not count", async () => {
  const out = await validateStack(policy, [
    np("default-deny-all", "llm", DENY),
    np("quarantine", "other", QUARANTINE),
  ]);
  assert.deepEqual(out, [{ message: msg("llm"), urn: urn("llm-default-deny-all") }]);
});

for (const [what, spec] of [
  ["only Ingress", { ...QUARANTINE, policyTypes: ["Ingress"] }],
  ["a rule that admits traffic", { ...QUARANTINE, ingress: [{}] }],
  [
    "another label value",
    { ...QUARANTINE, podSelector: { matchLabels: { "rampart.io/quarantine": "yes" } } },
  ],
  [
    "a wider selector",
    { ...QUARANTINE, podSelector: { matchLabels: { "rampart.io/quarantine": "true", app: "x" } } },
  ],
] as const)
  test(`a quarantine policy with ${what} is not one`, async () => {
    const out = await validateStack(policy, [
      np("default-deny-all", "llm", DENY),
      np("quarantine", "llm", spec),
    ]);
    assert.deepEqual(out, [{ message: msg("llm"), urn: urn("llm-default-deny-all") }]);
  });

test("deny and quarantine both with an empty namespace name pass together", async () => {
  assert.deepEqual(
    await validateStack(policy, [np("default-deny-all", "", DENY), np("quarantine", "", QUARANTINE)]),
    [],
  );
});

test("a namespace without a default deny is not this policy's business; a missing spec is not a deny", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      np("allow", "llm", { podSelector: {}, ingress: [{}] }),
      np("empty", "x", undefined),
    ]),
    [],
  );
});

test("unknown values are not flagged", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      np("default-deny-all", "llm", DENY),
      np("quarantine", UNKNOWN.string, QUARANTINE),
    ]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [
      np("default-deny-all", "llm", DENY),
      np("q", "llm", { ...QUARANTINE, podSelector: UNKNOWN.object }),
    ]),
    [],
  );
});

test("withQuarantine on any deny-only set passes", async () => {
  const objects = withQuarantine([
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "d", namespace: "a" },
      spec: DENY,
    },
  ]);
  assert.deepEqual(
    await validateStack(
      policy,
      objects.map((o) => np(o.metadata.name, o.metadata.namespace, o.spec)),
    ),
    [],
  );
});
