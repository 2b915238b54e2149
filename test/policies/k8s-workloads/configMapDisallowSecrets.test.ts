import assert from "node:assert/strict";
import { test } from "node:test";
import { configMapDisallowSecrets as policy } from "../../../policy-pack/policies/k8s-workloads/configMapDisallowSecrets";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const CM = "kubernetes:core/v1:ConfigMap";
const PATCH = "kubernetes:core/v1:ConfigMapPatch";
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** Our own kind of ConfigMap: settings, a config file, a dashboard; nothing secret. */
const compliant = (extra: Record<string, any> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "app", namespace: "inference" },
  data: {
    MODEL_NAME: "llama-3-8b",
    MAX_TOKENS: "4096",
    "app.yaml": "server:\n  port: 8080\n  passwordFile: /var/run/secrets/db/password\n",
    DB_PASSWORD_SECRET_NAME: "db",
    "admin-password-key": "admin-password",
  },
  binaryData: { "logo.png": b64("\u0089PNG not a secret") },
  ...extra,
});
const msg = (where: string, what: string) =>
  `ConfigMap "app" ${where} holds ${what}: move it to a Secret and reference that instead.`;

test("the compliant ConfigMap passes, also as a ConfigMapPatch", async () => {
  assert.deepEqual(await violations(policy, CM, compliant()), []);
  assert.deepEqual(await violations(policy, PATCH, compliant()), []);
});

test("a key named like a secret with a literal value is flagged in every spelling, without the value", async () => {
  const out = await violations(
    policy,
    CM,
    compliant({
      data: { password: "hunter2", "db.password": "x1", apiKey: "k", CLIENT_SECRET: "s", "hf-token": "t" },
    }),
  );
  assert.deepEqual(out, [
    msg('data["password"]', "a secret (by its name)"),
    msg('data["db.password"]', "a secret (by its name)"),
    msg('data["apiKey"]', "a secret (by its name)"),
    msg('data["CLIENT_SECRET"]', "a secret (by its name)"),
    msg('data["hf-token"]', "a secret (by its name)"),
  ]);
  assert.ok(!out.join("").includes("hunter2"));
});

test("credentials inside a config file or connection string are flagged by kind, whatever the key", async () => {
  assert.deepEqual(
    await violations(
      policy,
      CM,
      compliant({
        data: {
          "app.conf": "[db]\nhost = db\npassword = s3cr3t-value\n",
          DATABASE_URL: "postgres://app:s3cr3tpw@db.internal:5432/app",
          "id_rsa.txt": "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
          aws: "AKIAIOSFODNN7ABCDEFG",
        },
      }),
    ),
    [
      msg('data["app.conf"]', "a password"),
      msg('data["DATABASE_URL"]', "a password in a connection string"),
      msg('data["id_rsa.txt"]', "a private key"),
      msg('data["aws"]', "an AWS access key ID"),
    ],
  );
});

test("binaryData is decoded from base64 before it is scanned", async () => {
  assert.deepEqual(
    await violations(
      policy,
      CM,
      compliant({ binaryData: { "creds.ini": b64("[default]\npassword = hunter22\n") } }),
    ),
    [msg('binaryData["creds.ini"]', "a password")],
  );
  // Not base64: nothing to decode, nothing flagged (and no throw).
  assert.deepEqual(await violations(policy, CM, compliant({ binaryData: { blob: "%%%not base64%%%" } })), []);
});

test("a ConfigMapPatch that writes a secret is flagged", async () => {
  assert.deepEqual(
    await violations(policy, PATCH, { metadata: { name: "app" }, data: { token: "abc123" } }),
    [msg('data["token"]', "a secret (by its name)")],
  );
});

test("not flagged: empty values, references, pointer names, allowedKeys", async () => {
  assert.deepEqual(
    await violations(
      policy,
      CM,
      compliant({
        data: {
          password: "",
          API_KEY: "${API_KEY}",
          token: "{{ .Values.token }}",
          "secret-name": "db",
          TOKEN_URL: "https://idp.example.com/token",
          "public-token": "pk_live",
        },
      }),
      { allowedKeys: ["public-token"] },
    ),
    [],
  );
});

test("unknown values: a secret-named key is flagged; unknown data is not inspectable (the SDK's note)", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: CM,
      props: compliant({ data: { password: UNKNOWN.string, other: UNKNOWN.string } }),
    }),
    { violations: [msg('data["password"]', "a secret (by its name)")] },
  );
  assert.deepEqual(
    await validate(policy, {
      type: CM,
      props: compliant({ data: UNKNOWN.object, binaryData: UNKNOWN.object }),
    }),
    {
      violations: [],
      unknownRead: "string value at .data can't be known during preview",
    },
  );
});

test("missing and malformed data are not flagged; other types are ignored", async () => {
  for (const props of [
    {},
    { data: null },
    { data: "x" },
    { data: [1, 2] },
    { data: { n: 1, o: { a: "b" } } },
  ])
    assert.deepEqual(await violations(policy, CM, props), []);
  assert.deepEqual(
    await violations(policy, "kubernetes:core/v1:Secret", { stringData: { password: "x" } }),
    [],
  );
});
