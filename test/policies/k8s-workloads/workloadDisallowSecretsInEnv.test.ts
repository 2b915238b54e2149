import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowSecretsInEnv as policy } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowSecretsInEnv";
import { UNKNOWN } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  init,
  KINDS,
  main,
  sharedWorkloadCases,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

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
        { name: "AWS_ID", value: "AKIAIOSFODNN7EXAMPLE" },
        { name: "CERT", value: "-----BEGIN RSA PRIVATE KEY-----\nMII..." },
      ),
    ),
    [msg('Container "app"', "AWS_ID"), msg('Container "app"', "CERT")],
  );
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
          { name: "PASSWORD", value: UNKNOWN.string },
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
