import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, test } from "node:test";
import YAML from "yaml";
import { rampart, ROOT, tempDir } from "../helpers/cli";

/**
 * Rollback is one config change (docs/ROLLBACK.md): a model server goes back to the previous model
 * version by its prefix in the versioned, locked model store, and to the previous image by its digest.
 * Planned here, prod before and after: the same resources (nothing created, deleted or replaced: the
 * store and the registry keep every version), and the change touches only that model's Deployment (its
 * image, its init steps' prefix, the server's `--model`) and its role's read policy (the prefix it may read).
 */

interface Entry {
  readonly urn: string;
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
}

const PREVIOUS_PREFIX = "llama-3.1-8b-instruct/2026-10-31/";
const PREVIOUS_DIGEST = "f".repeat(64);

function plan(file: string | undefined, out: string): Entry[] {
  const args = ["plan", "--stack", "prod", "--export-out", out, ...(file ? ["--config", file] : [])];
  const run = rampart(args, { timeoutMs: 300_000 });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(fs.readFileSync(out, "utf8")).deployment.resources as Entry[];
}

describe("rollback of a model server is one config change", () => {
  let before_: Entry[];
  let after: Entry[];
  let model: { prefix: string; image: string };
  before(() => {
    const tmp = tempDir();
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"));
    model = { ...config.config["rampart:models"][0] };
    const previous = config.config["rampart:models"][0];
    previous.prefix = PREVIOUS_PREFIX;
    previous.image = String(previous.image).replace(/sha256:[0-9a-f]{64}$/, `sha256:${PREVIOUS_DIGEST}`);
    const file = path.join(tmp, "rollback.yaml");
    fs.writeFileSync(file, YAML.stringify(config));
    before_ = plan(undefined, path.join(tmp, "now.json"));
    after = plan(file, path.join(tmp, "previous.json"));
  });

  test("the same resources: nothing created, deleted or replaced", () => {
    assert.deepEqual(after.map((r) => r.urn).sort(), before_.map((r) => r.urn).sort());
  });

  test("only the model's Deployment and its read policy change, to the previous prefix and digest", () => {
    const old = new Map(before_.map((r) => [r.urn, JSON.stringify(r.inputs ?? {})]));
    const changed = after.filter((r) => old.get(r.urn) !== JSON.stringify(r.inputs ?? {}));
    assert.deepEqual(changed.map((r) => `${r.type}::${r.urn.split("::").pop()}`).sort(), [
      "aws:iam/rolePolicy:RolePolicy::model-vllm-read-model",
      "kubernetes:apps/v1:Deployment::model-vllm-deployment",
    ]);
    for (const r of changed) {
      const text = JSON.stringify(r.inputs);
      assert.ok(
        text.includes(PREVIOUS_PREFIX) && !text.includes(model.prefix),
        `${r.urn} reads the previous prefix only`,
      );
    }
    const deployment = JSON.stringify(changed.find((r) => r.type.endsWith("Deployment"))!.inputs);
    assert.ok(deployment.includes(`sha256:${PREVIOUS_DIGEST}`) && !deployment.includes(model.image));
  });
});
