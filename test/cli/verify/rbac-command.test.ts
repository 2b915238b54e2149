import assert from "node:assert/strict";
import { test } from "node:test";
import { rampart, tempFile } from "../helpers";

/** `rampart verify --rbac FILE`: RBAC cases from a file decide the exit code; bad input is one line, exit 2. */
const exportOf = (resources: unknown[]) =>
  tempFile(
    "export.json",
    JSON.stringify({
      version: 3,
      deployment: { resources: resources.map((r) => ({ ...(r as object), custom: true })) },
    }),
  );
const none = () => ["--flows", tempFile("f.json", "[]"), "--access", tempFile("a.json", "[]")];
const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const reader = {
  urn: `urn:pulumi:t::p::${rbac}:Role::pods-reader`,
  type: `${rbac}:Role`,
  inputs: {
    metadata: { name: "pods-reader", namespace: "llm" },
    rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }],
  },
};
const binding = {
  urn: `urn:pulumi:t::p::${rbac}:RoleBinding::pods-reader`,
  type: `${rbac}:RoleBinding`,
  inputs: {
    metadata: { name: "pods-reader", namespace: "llm" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pods-reader" },
    subjects: [{ kind: "Group", name: "readers", apiGroup: "rbac.authorization.k8s.io" }],
  },
};
const cases = (expectSecrets: "allow" | "deny") =>
  tempFile(
    "rbac.json",
    JSON.stringify([
      {
        id: "readers-get-pods",
        groups: ["readers"],
        verb: "get",
        resource: "pods",
        namespace: "llm",
        expect: "allow",
        cite: "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
      },
      {
        id: "readers-get-secrets",
        groups: ["readers"],
        verb: "get",
        resource: "secrets",
        namespace: "llm",
        expect: expectSecrets,
        cite: "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
      },
    ]),
  );

test("--rbac FILE replaces the defaults and decides the exit code", async () => {
  const exp = exportOf([reader, binding]);
  const ok = await rampart("verify", "--export", exp, ...none(), "--rbac", cases("deny"), "--format", "json");
  assert.equal(ok.code, 0, ok.stdout);
  const out = JSON.parse(ok.stdout);
  assert.deepEqual(
    out.rbac.map((c: { id: string; verdict: string }) => [c.id, c.verdict]),
    [
      ["readers-get-pods", "allow"],
      ["readers-get-secrets", "deny"],
    ],
  );
  assert.deepEqual(out.summary.rbac, { passed: 2, failed: 0 });
  // The same export, a case expecting Secrets readable: it fails, named with its verdict.
  const bad = await rampart("verify", "--export", exp, ...none(), "--rbac", cases("allow"));
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^FAIL rbac readers-get-secrets: expected allow, got deny$/m);
});

test("a bad RBAC case is one line on stderr, exit 2", async () => {
  const file = tempFile(
    "bad.json",
    JSON.stringify([{ id: "x", groups: [], verb: "get", resource: "pods", expect: "deny" }]),
  );
  const run = await rampart("verify", "--export", exportOf([]), ...none(), "--rbac", file);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /^rampart: rbac file .*: rbac\[0\]\.groups: \[\] is not valid; expected a non-empty array/,
  );
  assert.equal(run.stderr.trim().split("\n").length, 1);
});
