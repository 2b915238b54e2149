import assert from "node:assert/strict";
import { test } from "node:test";
import { kubernetesAuthBackendRoleDisallowWildcardBindings as p } from "../../../policy-pack/policies/vault/kubernetesAuthBackendRoleDisallowWildcardBindings";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { K8S_ROLE, k8sRole } from "./vaultFixtures";

const R = 'Vault Kubernetes auth role "chat"';

test("a role bound to an exact namespace and service account passes", async () => {
  assert.deepEqual(await violations(p, K8S_ROLE, k8sRole()), []);
  assert.deepEqual(
    await violations(p, K8S_ROLE, k8sRole({ boundServiceAccountNamespaces: ["inference", "batch"] })),
    [],
  );
});

test("`*` and globs in either list are flagged", async () => {
  assert.deepEqual(
    await violations(
      p,
      K8S_ROLE,
      k8sRole({ boundServiceAccountNames: ["*"], boundServiceAccountNamespaces: ["inference", "team-*"] }),
    ),
    [
      `${R} admits any of the service accounts matching "*" (boundServiceAccountNames): list exact names.`,
      `${R} admits any of the namespaces matching "team-*" (boundServiceAccountNamespaces): list exact names.`,
    ],
  );
});

test('empty lists, "" entries and a namespace label selector are flagged', async () => {
  assert.deepEqual(await violations(p, K8S_ROLE, k8sRole({ boundServiceAccountNames: [""] })), [
    `${R} has an empty entry in boundServiceAccountNames: list exact names.`,
  ]);
  assert.deepEqual(
    await violations(
      p,
      K8S_ROLE,
      k8sRole({ boundServiceAccountNames: [], boundServiceAccountNamespaces: undefined }),
    ),
    [
      `${R} binds no service account (boundServiceAccountNames is empty): list exact names.`,
      `${R} binds no namespace (boundServiceAccountNamespaces is empty): list exact namespaces.`,
    ],
  );
  assert.deepEqual(
    await violations(
      p,
      K8S_ROLE,
      k8sRole({
        boundServiceAccountNamespaces: undefined,
        boundServiceAccountNamespaceSelector: '{"matchLabels":{"a":"b"}}',
      }),
    ),
    [
      `${R} admits namespaces by label selector (boundServiceAccountNamespaceSelector): whoever can label a ` +
        "namespace gets in; list exact namespaces in boundServiceAccountNamespaces.",
    ],
  );
  // An empty selector is no selector.
  assert.deepEqual(await violations(p, K8S_ROLE, k8sRole({ boundServiceAccountNamespaceSelector: "" })), []);
});

test("an unknown list is the SDK's advisory note during preview", async () => {
  assert.deepEqual(
    await validate(p, { type: K8S_ROLE, props: k8sRole({ boundServiceAccountNamespaces: UNKNOWN.array }) }),
    {
      violations: [],
      unknownRead: "Array value at .boundServiceAccountNamespaces can't be known during preview",
    },
  );
});
