import assert from "node:assert/strict";
import { test } from "node:test";
import { namespaceRequireRestrictedPodSecurity as policy } from "../../../policy-pack/policies/k8s-namespaces/namespaceRequireRestrictedPodSecurity";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const NS = "kubernetes:core/v1:Namespace";
const LABEL = "pod-security.kubernetes.io/enforce";
const ns = (name: string, labels: Record<string, any> | undefined) => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, ...(labels ? { labels } : {}) },
});

test("restricted passes", async () => {
  assert.deepEqual(
    await violations(
      policy,
      NS,
      ns("inference", { [LABEL]: "restricted", "pod-security.kubernetes.io/enforce-version": "latest" }),
    ),
    [],
  );
});

test("baseline and privileged are flagged", async () => {
  for (const level of ["baseline", "privileged"])
    assert.deepEqual(await violations(policy, NS, ns("inference", { [LABEL]: level })), [
      `Namespace enforces Pod Security "${level}": set the ${LABEL} label to restricted.`,
    ]);
});

test("no label, or only warn/audit labels, is flagged", async () => {
  const msg = `Namespace has no ${LABEL} label (the cluster default is privileged): set it to restricted.`;
  assert.deepEqual(await violations(policy, NS, ns("inference", undefined)), [msg]);
  assert.deepEqual(
    await violations(policy, NS, ns("inference", { "pod-security.kubernetes.io/warn": "restricted" })),
    [msg],
  );
});

test("kube-system is exempt by default; exemptNamespaces is configurable", async () => {
  assert.deepEqual(await violations(policy, NS, ns("kube-system", undefined)), []);
  assert.deepEqual(
    await violations(policy, NS, ns("istio-cni", { [LABEL]: "privileged" }), {
      exemptNamespaces: ["istio-cni"],
    }),
    [],
  );
  assert.equal(
    (await violations(policy, NS, ns("kube-system", undefined), { exemptNamespaces: [] })).length,
    1,
  );
});

test("an unknown label is not inspectable (the SDK's note); a NamespacePatch is flagged only for an explicit weaker level", async () => {
  assert.deepEqual(await validate(policy, { type: NS, props: ns("x", { [LABEL]: UNKNOWN.string }) }), {
    violations: [],
    unknownRead:
      "string value at .metadata.labels.pod-security.kubernetes.io/enforce can't be known during preview",
  });
  assert.deepEqual(
    await validate(policy, { type: NS, props: { metadata: { name: "x", labels: UNKNOWN.object } } }),
    { violations: [], unknownRead: "string value at .metadata.labels can't be known during preview" },
  );
  assert.deepEqual(await violations(policy, `${NS}Patch`, ns("x", undefined)), []);
  assert.deepEqual(await violations(policy, `${NS}Patch`, ns("x", { [LABEL]: "baseline" })), [
    `Namespace enforces Pod Security "baseline": set the ${LABEL} label to restricted.`,
  ]);
  assert.deepEqual(await violations(policy, "kubernetes:core/v1:ConfigMap", {}), []);
});

test('an enforce label of "" is not restricted: flagged', async () => {
  assert.deepEqual(await violations(policy, NS, ns("inference", { [LABEL]: "" })), [
    'Namespace enforces Pod Security "": set the pod-security.kubernetes.io/enforce label to restricted.',
  ]);
});
