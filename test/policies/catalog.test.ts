import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { policies } from "../../policy-pack/policies";
import { CATALOG, policyAreas, renderCatalog, whatAndWhy } from "../../scripts/gen-policy-docs";

test("docs/policies.md is what scripts/gen-policy-docs.ts renders (regenerate it when this fails)", async () => {
  assert.ok(
    fs.existsSync(CATALOG),
    "docs/policies.md is missing: run node --import tsx scripts/gen-policy-docs.ts",
  );
  assert.equal(fs.readFileSync(CATALOG, "utf8"), await renderCatalog());
});

test("every registered policy has an area (the folder of its file) and a row in the catalog", async () => {
  const areas = policyAreas();
  const text = await renderCatalog();
  for (const p of policies) {
    assert.ok(areas.get(p), `${p.name} has no area`);
    assert.match(text, new RegExp(`\\| \`${p.name}\`\\s+\\| ${areas.get(p)}\\s+\\|`), p.name);
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
