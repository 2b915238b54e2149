import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { catalogRefProblem } from "../../policy-pack/lib/catalog";
import { policyDocs } from "../../policy-pack/lib/policy";
import { policies } from "../../policy-pack/policies";
import { policyFilesByPolicy } from "../../scripts/gen-policy-docs";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The quality bar of issue #16, per policy: catalog references in a known format, a remediation, and a
 * test file that exercises unknown values and empty strings (the insecure forms, the secure twin and
 * missing blocks are each test file's own, reviewed case by case).
 */
test("every policy cites at least one catalog check, each in a format of lib/catalog.ts", () => {
  const problems: string[] = [];
  for (const p of policies) {
    const refs = policyDocs(p)?.catalog ?? [];
    if (refs.length === 0) problems.push(`${p.name}: no catalog reference`);
    for (const r of refs) {
      const why = catalogRefProblem(r);
      if (why) problems.push(`${p.name}: ${why}`);
    }
    if (new Set(refs).size !== refs.length) problems.push(`${p.name}: a catalog reference is listed twice`);
  }
  assert.deepEqual(problems, []);
});

test("every policy states its remediation, and its CrossGuard description carries it and the catalog", () => {
  const problems: string[] = [];
  for (const p of policies) {
    const docs = policyDocs(p);
    const remediation = docs?.remediation?.trim() ?? "";
    if (remediation.length < 15) problems.push(`${p.name}: no remediation`);
    else if (!p.description.includes(remediation))
      problems.push(`${p.name}: description lacks the remediation`);
    for (const r of docs?.catalog ?? [])
      if (!p.description.includes(r)) problems.push(`${p.name}: description lacks ${r}`);
  }
  assert.deepEqual(problems, []);
});

test("every policy's test file exercises unknown values and empty strings", () => {
  const problems: string[] = [];
  for (const [p, file] of policyFilesByPolicy()) {
    const testFile = path.join(ROOT, "test", "policies", file.replace(/\.ts$/, ".test.ts"));
    if (!fs.existsSync(testFile)) {
      problems.push(`${p.name}: no test file ${path.relative(ROOT, testFile)}`);
      continue;
    }
    const text = fs.readFileSync(testFile, "utf8");
    if (!/UNKNOWN/.test(text)) problems.push(`${p.name}: its tests feed no unknown value (UNKNOWN)`);
    if (!/(""|'')/.test(text)) problems.push(`${p.name}: its tests feed no empty string`);
  }
  assert.deepEqual(problems, []);
});
