import assert from "node:assert/strict";
import { test } from "node:test";
import { parseVaultPolicy, vaultPathMatches, vaultPathReaches } from "../../../policy-pack/lib/vaultHcl";

test("HCL: path blocks with comments, trailing commas, legacy policy and parameter keys", () => {
  const doc = `
# app secrets
path "secret/data/apps/ns/app/*" {
  capabilities = ["read", "list",]   // trailing comma
}
/* a block
   comment */
path "/transit/encrypt/transcripts" {
  capabilities = ["update"]
  allowed_parameters = { "plaintext" = [] "context" = [] }
  min_wrapping_ttl = "1s"
  max_wrapping_ttl = 90
}
path "secret/data/old" { policy = "write" }
path "secret/data/locked" { capabilities = ["read", "deny"] }
name = "rampart-app-x"
`;
  assert.deepEqual(parseVaultPolicy(doc), {
    rules: [
      { path: "secret/data/apps/ns/app/*", capabilities: ["read", "list"] },
      { path: "transit/encrypt/transcripts", capabilities: ["update"] },
      { path: "secret/data/old", capabilities: ["create", "read", "update", "delete", "list"] },
      { path: "secret/data/locked", capabilities: ["deny"] },
    ],
  });
});

test('HCL: the object forms `path = { ... }` and `path { "p" { ... } }`', () => {
  assert.deepEqual(parseVaultPolicy('path = { "a/*" = { capabilities = ["read"] } }').rules, [
    { path: "a/*", capabilities: ["read"] },
  ]);
  assert.deepEqual(parseVaultPolicy('path { "b" { capabilities = ["list"] } }').rules, [
    { path: "b", capabilities: ["list"] },
  ]);
});

test("JSON: the form Vault also accepts, path as an object or a list of objects", () => {
  assert.deepEqual(
    parseVaultPolicy('{"path": {"sys/*": {"capabilities": ["sudo"]}, "kv/a": {"policy": "read"}}}').rules,
    [
      { path: "sys/*", capabilities: ["sudo"] },
      { path: "kv/a", capabilities: ["read", "list"] },
    ],
  );
  assert.deepEqual(parseVaultPolicy('{"path": [{"x/+": {"capabilities": ["read"]}}]}').rules, [
    { path: "x/+", capabilities: ["read"] },
  ]);
});

test("what Vault refuses is reported, never passed: one error naming the problem", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ['path "a" { capabilities = ["read"]', /end of document/],
    ['path "a" { capabilities = "read" }', /capabilities must be a list of strings/],
    ['path "a" { capabilites = ["read"] }', /unknown key "capabilites"/],
    ['path "a" { policy = "admin" }', /invalid policy "admin"/],
    ['paths "a" { capabilities = ["read"] }', /unknown top-level key "paths a"/],
    ['path "a/+*" { capabilities = ["read"] }', /'\+\*'/],
    ['path "a" { capabilities = ["read"] ', /end of document/],
    ['path "a" {\n capabilities = ["read]\n}', /line 2: unterminated string/],
    ['path "a" {\n capabilities = <<EOF\nread\nEOF\n}', /heredocs are not read/],
    ['{"path": {"a": ', /not valid JSON/],
    ['{"path": ["a"]}', /must be an object/],
    ['path "a" "b" { capabilities = ["read"] }', /more than one label/],
  ];
  for (const [doc, expected] of cases) {
    const r = parseVaultPolicy(doc);
    assert.equal(r.rules, undefined, doc);
    assert.match(r.error, expected, doc);
  }
});

test("a document of comments only parses to no rules (Vault stores it; it grants nothing)", () => {
  assert.deepEqual(parseVaultPolicy("  # nothing yet\n").rules, []);
});

test("path matching follows Vault: trailing * is a prefix, + is one segment", () => {
  const yes: [string, string][] = [
    ["*", "anything/at/all"],
    ["sys/*", "sys/seal"],
    ["secret/data/*", "secret/data/a/b"],
    ["secret/+/teamb", "secret/foo/teamb"],
    ["+/*", "sys/mounts/x"],
    ["secret/+/team*", "secret/x/teamb/c"],
    ["/secret/a", "secret/a"],
  ];
  const no: [string, string][] = [
    ["sys/*", "secret/x"],
    ["secret/+/teamb", "secret/a/b/teamb"],
    ["secret/data", "secret/data/x"],
    ["+/x", "a/b/x"],
    ["secret/+/team*", "secret/teamb"],
  ];
  for (const [p, path] of yes) assert.ok(vaultPathMatches(p, path), `${p} ~ ${path}`);
  for (const [p, path] of no) assert.ok(!vaultPathMatches(p, path), `${p} !~ ${path}`);
});

test("reaching a subtree: some path under it is matched, whatever the glob's spelling", () => {
  const yes: [string, string][] = [
    ["*", "sys"],
    ["s*", "sys"],
    ["sys/*", "sys"],
    ["+/seal", "sys"],
    ["secret/+/prompts/*", "secret/destroy"],
    ["secret/des*", "secret/destroy"],
    ["secret/destroy/a", "secret/destroy"],
    ["+/+/x", "secret/metadata"],
  ];
  const no: [string, string][] = [
    ["sys", "sys"],
    ["secret/data/*", "secret/destroy"],
    ["secret/+", "secret/destroy"],
    ["auth/*", "sys"],
    ["+", "sys"],
  ];
  for (const [p, under] of yes) assert.ok(vaultPathReaches(p, under), `${p} reaches ${under}`);
  for (const [p, under] of no) assert.ok(!vaultPathReaches(p, under), `${p} does not reach ${under}`);
});
