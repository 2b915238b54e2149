import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { README, renderReadme } from "../../scripts/gen-config-docs";

test("README's configuration reference is what scripts/gen-config-docs.ts renders from the schema (npm run docs)", async () => {
  const current = fs.readFileSync(README, "utf8");
  assert.equal(current, await renderReadme(current), "README.md is stale: run npm run docs");
});

test("the reference names every top-level config key and each default the components own", () => {
  const current = fs.readFileSync(README, "utf8");
  for (const key of ["rampart:environment", "rampart:network.cidr", "rampart:kms.rotationPeriodDays"])
    assert.ok(current.includes(`\`${key}\``), key);
  assert.ok(!current.includes("rampart:policy.configFile"), "the removed key is not documented");
});
