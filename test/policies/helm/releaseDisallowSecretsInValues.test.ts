import assert from "node:assert/strict";
import { test } from "node:test";
import { releaseDisallowSecretsInValues as policy } from "../../../policy-pack/policies/helm/releaseDisallowSecretsInValues";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CHART3, CHART4, RELEASE, release } from "./helmFixtures";

const msg = (path: string, what = "a secret (by its name)", chart = "nvidia-device-plugin") =>
  `Helm chart "${chart}" values hold ${what} at ${path}: put it in a Secret and pass the Secret's name (existingSecret) instead.`;

/** Values the way our charts take credentials: by the name of an existing Secret. */
const grafanaLike = {
  admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
  env: { GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: "oauth", key: "client-secret" } } },
  "grafana.ini": {
    "auth.generic_oauth": {
      token_url: "https://idp.example.com/token",
      client_secret: "$__file{/etc/secrets/oauth}",
    },
  },
  imagePullSecrets: ["regcred"],
  serviceAccount: { automountServiceAccountToken: false },
  auth: { enabled: true, passwordLength: 32, existingSecretPasswordKey: "password" },
};

test("the compliant release passes, in every Helm type", async () => {
  for (const type of [RELEASE, CHART3, CHART4])
    assert.deepEqual(await violations(policy, type, release({ values: grafanaLike })), []);
});

test("a literal credential under a secret-looking key is flagged in every Helm type, without the value", async () => {
  for (const type of [RELEASE, CHART3, CHART4]) {
    const out = await violations(
      policy,
      type,
      release({ values: { auth: { password: "hunter2" }, adminPassword: "admin123" } }),
    );
    assert.deepEqual(out, [msg("values.auth.password"), msg("values.adminPassword")]);
    assert.ok(!out.join("").includes("hunter2"));
  }
});

test("env-style entries, lists, odd keys and credential-shaped strings are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      RELEASE,
      release({
        values: {
          extraEnv: [
            { name: "DB_PASSWORD", value: "pw-literal" },
            { name: "LOG_LEVEL", value: "info" },
          ],
          s3: { "secret-key": "abcd" },
          config: { "app.ini": "[db]\npassword = hunter2\n" },
          externalDatabase: { url: "postgresql://app:s3cr3tpw@db:5432/app" },
          tls: ["-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----"],
          apiKey: "AKIAIOSFODNN7ABCDEFG",
        },
      }),
    ),
    [
      msg("values.extraEnv[0].value"),
      msg('values.s3["secret-key"]'),
      msg('values.config["app.ini"]', "a password"),
      msg("values.externalDatabase.url", "a password in a connection string"),
      msg("values.tls[0]", "a private key"),
      msg("values.apiKey", "an AWS access key ID"),
    ],
  );
});

test("values given as a YAML or JSON string are read", async () => {
  assert.deepEqual(await violations(policy, RELEASE, release({ values: "auth:\n  token: abc123\n" })), [
    msg("values.auth.token"),
  ]);
  assert.deepEqual(await violations(policy, CHART4, release({ values: '{"redis":{"password":"x9"}}' })), [
    msg("values.redis.password"),
  ]);
  assert.deepEqual(await violations(policy, RELEASE, release({ values: "{not: [valid" })), []);
});

test("allowedPaths exempts one path for one chart only", async () => {
  const values = { auth: { token: "public-read-only" } };
  const config = { allowedPaths: { "nvidia-device-plugin": ["values.auth.token"] } };
  assert.deepEqual(await violations(policy, RELEASE, release({ values }), config), []);
  assert.deepEqual(await violations(policy, RELEASE, release({ chart: "other", values }), config), [
    msg("values.auth.token", undefined, "other"),
  ]);
});

test("empty strings, references and non-strings are not flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      RELEASE,
      release({
        values: {
          password: "",
          token: "{{ .Values.global.token }}",
          apiKey: "${API_KEY}",
          secret: "vault:secret/data/app#key",
          clientSecret: true,
          secretKey: 12345,
          auth: { password: null },
        },
      }),
    ),
    [],
  );
});

test("unknown values: unknown values as a whole are not inspectable (the SDK's note); an unknown under a secret-looking key is flagged", async () => {
  assert.deepEqual(await validate(policy, { type: RELEASE, props: release({ values: UNKNOWN.object }) }), {
    violations: [],
    unknownRead: "string value at .values can't be known during preview",
  });
  assert.deepEqual(
    await validate(policy, {
      type: RELEASE,
      props: release({ values: { auth: { password: UNKNOWN.string }, other: UNKNOWN.string } }),
    }),
    { violations: [msg("values.auth.password")] },
  );
});

test("missing values and other types are ignored", async () => {
  assert.deepEqual(await violations(policy, RELEASE, release({ values: undefined })), []);
  assert.deepEqual(await violations(policy, "kubernetes:core/v1:ConfigMap", { data: { password: "x" } }), []);
});
