import assert from "node:assert/strict";
import { test } from "node:test";
import { catalogRefProblem } from "../../policy-pack/lib/catalog";
import { policyDocs } from "../../policy-pack/lib/policy";
import { policies } from "../../policy-pack/policies";

/**
 * The quality bar of issue #16, per policy: catalog references in a known format and a remediation (its
 * test file's unknown-value and empty-string cases are registry.test.ts's; the insecure forms, the secure
 * twin and missing blocks are each test file's own, reviewed case by case).
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
