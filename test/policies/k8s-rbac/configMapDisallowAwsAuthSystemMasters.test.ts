import assert from "node:assert/strict";
import { test } from "node:test";
import { configMapDisallowAwsAuthSystemMasters as policy } from "../../../policy-pack/policies/k8s-rbac/configMapDisallowAwsAuthSystemMasters";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const CM = "kubernetes:core/v1:ConfigMap";
const NODE = "arn:aws:iam::111122223333:role/rampart-prod-nodes";
const ADMIN = "arn:aws:iam::111122223333:role/ops";
const awsAuth = (data: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "aws-auth", namespace: "kube-system", ...metadata },
  data,
});
const nodes = `- rolearn: ${NODE}\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n    - system:nodes\n`;
const masters = `- rolearn: ${ADMIN}\n  username: ops\n  groups:\n    - system:masters\n`;

test("node mappings (system:bootstrappers, system:nodes) and other groups pass", async () => {
  assert.deepEqual(await violations(policy, CM, awsAuth({ mapRoles: nodes })), []);
  assert.deepEqual(
    await violations(
      policy,
      CM,
      awsAuth({ mapUsers: "- userarn: arn:aws:iam::1:user/a\n  groups: [rampart:audit-view]\n" }),
    ),
    [],
  );
});

test("a role or user mapped to system:masters is flagged (YAML or JSON), the Patch form too", async () => {
  assert.deepEqual(await violations(policy, CM, awsAuth({ mapRoles: nodes + masters })), [
    `aws-auth mapRoles maps ${ADMIN} to system:masters: remove the mapping and use an access entry with an access policy.`,
  ]);
  const json = JSON.stringify([{ userarn: "arn:aws:iam::1:user/root-ish", groups: ["system:masters"] }]);
  assert.deepEqual(await violations(policy, `${CM}Patch`, awsAuth({ mapUsers: json })), [
    "aws-auth mapUsers maps arn:aws:iam::1:user/root-ish to system:masters: remove the mapping and use an access entry with an access policy.",
  ]);
});

test("text that is not YAML is still flagged when it names system:masters", async () => {
  assert.deepEqual(
    await violations(policy, CM, awsAuth({ mapRoles: "- rolearn: x\n groups: [system:masters\n  : :" })),
    [
      "aws-auth mapRoles maps a principal to system:masters: remove the mapping and use an access entry with an access policy.",
    ],
  );
});

test("other ConfigMaps, and aws-auth outside kube-system, are not judged", async () => {
  assert.deepEqual(await violations(policy, CM, awsAuth({ mapRoles: masters }, { name: "prompts" })), []);
  assert.deepEqual(
    await violations(policy, CM, awsAuth({ mapRoles: masters }, { namespace: "default" })),
    [],
  );
});

test("unknown data or namespace is not inspectable during preview (the SDK's note)", async () => {
  assert.deepEqual(await validate(policy, { type: CM, props: awsAuth({ mapRoles: UNKNOWN.string }) }), {
    violations: [],
    unknownRead: "string value at .data.mapRoles can't be known during preview",
  });
  assert.deepEqual(
    await validate(policy, {
      type: CM,
      props: awsAuth({ mapRoles: masters }, { namespace: UNKNOWN.string }),
    }),
    {
      violations: [],
      unknownRead: "string value at .metadata.namespace can't be known during preview",
    },
  );
});

test('empty strings: "" mapRoles maps nobody; a "" group is not system:masters', async () => {
  assert.deepEqual(await violations(policy, CM, awsAuth({ mapRoles: "" })), []);
  assert.deepEqual(
    await violations(policy, CM, awsAuth({ mapRoles: `- rolearn: ${ADMIN}\n  groups: [""]\n` })),
    [],
  );
});
