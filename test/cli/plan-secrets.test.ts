import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PLACEHOLDER_CIPHERTEXT, toStackExport } from "../../cli/export";
import { runProgram, SECRET_SIG, SIG_KEY } from "../../cli/runtime/mockRun";
import { PLACEHOLDER_SECRET, readStackConfig } from "../../cli/stackConfig";
import { tempDir } from "../helpers/cli";

/**
 * `secure:` config values never reach a resource in plaintext: `plan` swaps them for a placeholder that
 * the runtime treats as a secret, and the export carries secrets only in their signature form.
 */

const tmp = tempDir("rampart-secrets-");
const CIPHERTEXT = "v1:Zm9vYmFy:c2VjcmV0LWNpcGhlcnRleHQ=";

function writeConfig(): string {
  const file = path.join(tmp, "Pulumi.sec.yaml");
  fs.writeFileSync(
    file,
    [
      "config:",
      "  aws:region: eu-west-1",
      "  rampart:apiToken:",
      `    secure: ${CIPHERTEXT}`,
      "  rampart:webhook:",
      "    url: https://hooks.example.com",
      "    headers:",
      "      authorization:",
      `        secure: ${CIPHERTEXT}`,
      "  plain: value",
      "",
    ].join("\n"),
  );
  return file;
}

test("secure values, top-level or nested, become secret placeholders; bare keys get the project namespace", () => {
  const cfg = readStackConfig(writeConfig());
  assert.deepEqual(cfg.secretKeys.sort(), ["rampart:apiToken", "rampart:webhook"]);
  assert.equal(cfg.config["rampart:apiToken"], PLACEHOLDER_SECRET);
  assert.deepEqual(JSON.parse(cfg.config["rampart:webhook"]!), {
    url: "https://hooks.example.com",
    headers: { authorization: PLACEHOLDER_SECRET },
  });
  assert.equal(cfg.config["rampart:plain"], "value");
  assert.ok(!JSON.stringify(cfg).includes(CIPHERTEXT), "the ciphertext is never carried along");
});

test("a secret config value stays secret in the captured inputs and in the export", async () => {
  const cfg = readStackConfig(writeConfig());
  const run = await runProgram(
    () => {
      const token = new pulumi.Config("rampart").requireSecret("apiToken");
      new aws.ssm.Parameter("api-token", { type: "SecureString", value: token });
      return {};
    },
    { project: "rampart", stack: "sec", config: cfg.config, secretKeys: cfg.secretKeys },
  );
  assert.equal(run.error, undefined);
  const param = run.resources.find((r) => r.type === "aws:ssm/parameter:Parameter");
  assert.ok(param);
  assert.deepEqual(param.inputs.value, { [SIG_KEY]: SECRET_SIG, value: PLACEHOLDER_SECRET });

  const doc = toStackExport(run.resources, { project: "rampart", stack: "sec", config: cfg.config });
  const exported = doc.deployment.resources.find((r) => r.type === "aws:ssm/parameter:Parameter");
  assert.deepEqual(exported?.inputs.value, { [SIG_KEY]: SECRET_SIG, ciphertext: PLACEHOLDER_CIPHERTEXT });
  assert.ok(
    !JSON.stringify(doc).includes(PLACEHOLDER_SECRET),
    "no secret value in the export, even a placeholder",
  );
  // The default provider is configured from the stack's aws:* keys, as the engine does.
  const provider = doc.deployment.resources.find((r) => r.type === "pulumi:providers:aws");
  assert.equal(provider?.inputs.region, "eu-west-1");
  assert.equal(exported?.provider, `${provider?.urn}::${provider?.id}`);
});
