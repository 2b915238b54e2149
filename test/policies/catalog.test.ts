import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { policies } from "../../policy-pack/policies";
import {
  CATALOG,
  policyAreas,
  policyFilesByPolicy,
  renderCatalog,
  whatAndWhy,
} from "../../scripts/gen-policy-docs";

const ROOT = path.resolve(__dirname, "../..");

test("docs/policies.md is what scripts/gen-policy-docs.ts renders (regenerate it when this fails)", async () => {
  assert.ok(
    fs.existsSync(CATALOG),
    "docs/policies.md is missing: run node --import tsx scripts/gen-policy-docs.ts",
  );
  assert.equal(fs.readFileSync(CATALOG, "utf8"), await renderCatalog());
});

test("every registered policy has a row in the catalog, its name linking to its file, then its area", async () => {
  const areas = policyAreas();
  const files = policyFilesByPolicy();
  const text = await renderCatalog();
  for (const p of policies) {
    const file = files.get(p);
    assert.ok(file && areas.get(p), `${p.name} has no file or area`);
    assert.ok(fs.existsSync(path.join(ROOT, "policy-pack", "policies", file)), file);
    const link = `[\`${p.name}\`](../policy-pack/policies/${file})`;
    const row = text.split("\n").find((l) => l.startsWith(`| ${link} `));
    assert.ok(row, `${p.name}: no row starting with ${link}`);
    assert.match(row, new RegExp(`^\\| \\S+\\s+\\| ${areas.get(p)}\\s+\\|`), p.name);
  }
});

test("descriptions split into what and why", () => {
  assert.deepEqual(whatAndWhy("Subnets must not X: instances become reachable."), {
    what: "Subnets must not X.",
    why: "Instances become reachable.",
  });
  assert.deepEqual(whatAndWhy("Vaults must use a key, so restores need consent."), {
    what: "Vaults must use a key.",
    why: "Restores need consent.",
  });
  assert.deepEqual(whatAndWhy("Keys must rotate. A leaked key protects less."), {
    what: "Keys must rotate.",
    why: "A leaked key protects less.",
  });
});
