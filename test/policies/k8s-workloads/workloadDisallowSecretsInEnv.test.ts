import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowSecretsInEnv as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowSecretsInEnv";
import { UNKNOWN, violations } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  init,
  KINDS,
  main,
  sharedWorkloadCases,
  workloadOutcome,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

const kindMsg = (who: string, name: string, kind: string) =>
  `${who} passes ${name} as a plain env value (it holds ${kind}): reference a Secret with valueFrom.secretKeyRef instead.`;
const msg = (who: string, name: string) =>
  `${who} passes ${name} as a plain env value: reference a Secret with valueFrom.secretKeyRef instead.`;

for (const kind of KINDS)
  test(`${kind.kind}: a plain DB_PASSWORD is flagged, without echoing the value`, async () => {
    const out = await workloadViolations(policy, kind, (s) =>
      main(s).env.push({ name: "DB_PASSWORD", value: "hunter2" }),
    );
    assert.deepEqual(out, [msg('Container "app"', "DB_PASSWORD")]);
    assert.ok(!out.join("").includes("hunter2"));
  });

test("secret-looking names in every spelling and container list are flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      main(s).env.push(
        { name: "HF_TOKEN", value: "x" },
        { name: "OPENAI_API_KEY", value: "x" },
        { name: "dbPassword", value: "x" },
        { name: "AWS_SECRET_ACCESS_KEY", value: "x" },
      );
      init(s).env.push({ name: "apikey", value: "x" });
      addEphemeral(s).env = [{ name: "CLIENT_SECRET", value: "x" }];
    }),
    [
      msg('Container "app"', "HF_TOKEN"),
      msg('Container "app"', "OPENAI_API_KEY"),
      msg('Container "app"', "dbPassword"),
      msg('Container "app"', "AWS_SECRET_ACCESS_KEY"),
      msg('Init container "fetch-model"', "apikey"),
      msg('Ephemeral container "debug"', "CLIENT_SECRET"),
    ],
  );
});

test("credential-shaped values are flagged whatever the name", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      main(s).env.push(
        { name: "AWS_ID", value: "AKIAIOSFODNN7ABCDEFG" },
        { name: "CERT", value: "-----BEGIN RSA PRIVATE KEY-----\nMII..." },
        { name: "DATABASE_URL", value: "postgres://app:s3cr3tpw@db.internal:5432/app" },
        { name: "HUB", value: "hf_" + "a".repeat(34) },
      ),
    ),
    [
      kindMsg('Container "app"', "AWS_ID", "an AWS access key ID"),
      kindMsg('Container "app"', "CERT", "a private key"),
      kindMsg('Container "app"', "DATABASE_URL", "a password in a connection string"),
      kindMsg('Container "app"', "HUB", "a Hugging Face token"),
    ],
  );
});

test("the AWS documentation's example key is not a credential", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      main(s).env.push({ name: "AWS_ID", value: "AKIAIOSFODNN7EXAMPLE" }),
    ),
    [],
  );
});

test("a secret-named variable whose value is unknown (another resource's output) is still a plain env value", async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) =>
      main(s).env.push(
        { name: "DB_PASSWORD", value: UNKNOWN.string },
        { name: "DB_HOST", value: UNKNOWN.string },
      ),
    ),
    { violations: [msg('Container "app"', "DB_PASSWORD")] },
  );
});

test("every Patch kind: a plain secret is flagged; a patch with only valueFrom is not", async () => {
  for (const kind of KINDS) {
    const type = `${kind.type}Patch`;
    const bad = kind.wrap({ containers: [{ name: "app", env: [{ name: "API_KEY", value: "k-123" }] }] });
    assert.deepEqual(await violations(policy, type, bad), [msg('Container "app"', "API_KEY")], type);
    const good = kind.wrap({
      containers: [
        { name: "app", env: [{ name: "API_KEY", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] },
      ],
    });
    assert.deepEqual(await violations(policy, type, good), [], type);
  }
});

test("not flagged: secretKeyRef, look-alike names, pointers to secrets, empty and unknown values, allowedNames", async () => {
  assert.deepEqual(
    await workloadViolations(
      policy,
      DEPLOYMENT,
      (s) =>
        main(s).env.push(
          { name: "TOKENIZER", value: "meta-llama/Llama-3-8B" },
          { name: "MAX_TOKENS", value: "4096" },
          { name: "HF_TOKEN_FILE", value: "/var/run/secrets/hf/token" },
          { name: "DB_SECRET_NAME", value: "db" },
          { name: "API_KEY", value: "" },
          { name: "DB_HOST", value: UNKNOWN.string },
          { name: "SECRET", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
          { name: "PUBLIC_TOKEN", value: "not-secret" },
        ),
      { allowedNames: ["PUBLIC_TOKEN"] },
    ),
    [],
  );
});

test("secretNamePattern is configurable, and an invalid one falls back to the default", async () => {
  const add = (s: any) => main(s).env.push({ name: "LICENSE", value: "x" }, { name: "PASSWORD", value: "x" });
  assert.deepEqual(await workloadViolations(policy, DEPLOYMENT, add, { secretNamePattern: "LICENSE" }), [
    msg('Container "app"', "LICENSE"),
  ]);
  assert.deepEqual(await workloadViolations(policy, DEPLOYMENT, add, { secretNamePattern: "(" }), [
    msg('Container "app"', "PASSWORD"),
  ]);
});

test("a credential in command or args is flagged by kind, in every container list, without the value", async () => {
  const out = await workloadViolations(policy, DEPLOYMENT, (s) => {
    main(s).args = ["--model", "llama", "--password=hunter22", "--db", "postgres://app:s3cr3tpw@db:5432/app"];
    init(s).command = ["sh", "-c", "huggingface-cli download --token hf_" + "b".repeat(34)];
    addEphemeral(s).args = ["AKIAIOSFODNN7ABCDEFG"];
  });
  assert.deepEqual(out, [
    'Container "app" passes a password and a password in a connection string in its command or args: read it from a Secret (a mounted file, or an env var from valueFrom.secretKeyRef) instead.',
    'Init container "fetch-model" passes a Hugging Face token in its command or args: read it from a Secret (a mounted file, or an env var from valueFrom.secretKeyRef) instead.',
    'Ephemeral container "debug" passes an AWS access key ID in its command or args: read it from a Secret (a mounted file, or an env var from valueFrom.secretKeyRef) instead.',
  ]);
  assert.ok(!out.join("").includes("hunter22") && !out.join("").includes("s3cr3tpw"));
});

test("command and args without credentials, with references, empty or unknown, pass", async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => {
      main(s).args = ["--tls-key-file=/run/secrets/key", "--api-key=$(API_KEY)", "", UNKNOWN.string];
      init(s).command = UNKNOWN.array;
    }),
    { violations: [] },
  );
});
