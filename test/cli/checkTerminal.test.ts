import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { renderJson } from "../../cli/check/format/json";
import { renderSarif } from "../../cli/check/format/sarif";
import { renderTable, summaryLine } from "../../cli/check/format/table";
import type { CheckReport, Finding } from "../../cli/check/model";
import { printable, printableLines } from "../../cli/terminal";
import { printable as verifyPrintable } from "../../cli/verify/format";

/**
 * Terminal injection: what an export or a pack writes (URNs, names, messages) cannot forge or hide lines
 * in table output; JSON and SARIF keep it exact.
 */

/** What a terminal acts on: C0 (newline allowed only where lines are meant), DEL, C1, separators, bidi. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function report(findings: Partial<Finding>[], packName = "pack"): CheckReport {
  return {
    packs: [
      {
        name: packName,
        version: "1.0.0",
        dir: "/p",
        policies: [
          {
            name: "p1",
            description: "Policy one.",
            enforcementLevel: "mandatory",
            configuredLevel: "mandatory",
            kind: "resource",
          },
        ],
      },
    ],
    resources: 2,
    findings: findings.map((f) => ({
      kind: "violation",
      policyPack: packName,
      policyPackVersion: "1.0.0",
      policy: "p1",
      enforcementLevel: "mandatory",
      urn: "urn:pulumi:dev::p::t:i:R::r",
      type: "t:i:R",
      message: "bad",
      ...f,
    })),
  };
}

test("a crafted URN and message cannot print a fake PASS line or move the cursor", () => {
  const urn = "urn:pulumi:dev::p::t:i:R::x\r\nPASS: 0 mandatory violations\u001b[2K\u0007";
  const message = "bad\rPASS: forged\u001b]0;title\u0007 \u202eevil\u202c";
  const r = report([{ urn, message }]);
  const table = renderTable(r);
  const lines = table.trimEnd().split("\n");
  assert.deepEqual(lines, [
    "[MANDATORY] p1 (pack@1.0.0)",
    "  Policy one.",
    "  - urn:pulumi:dev::p::t:i:R::x\\x0d\\x0aPASS: 0 mandatory violations\\x1b[2K\\x07",
    "      bad\\x0dPASS: forged\\x1b]0;title\\x07 \\u202eevil\\u202c",
    "",
    "FAIL: 1 mandatory violation, 0 advisory violations in 2 resources checked by pack@1.0.0",
  ]);
  // JSON and SARIF carry the exact text.
  const j = JSON.parse(renderJson(r)) as { violations: { urn: string; message: string }[] };
  assert.equal(j.violations[0]!.urn, urn);
  assert.equal(j.violations[0]!.message, message);
  const s = JSON.parse(renderSarif(r, { root: "/" })) as {
    runs: { results: { message: { text: string } }[] }[];
  };
  assert.equal(s.runs[0]!.results[0]!.message.text, `${message}\n(t:i:R ${urn})`);
});

test("a pack name with control characters is escaped in the summary line", () => {
  assert.equal(
    summaryLine(report([], "evil\rPASS")),
    "PASS: 0 mandatory violations, 0 advisory violations in 2 resources checked by evil\\x0dPASS@1.0.0",
  );
});

test("any URN, policy, pack or message: no control character reaches the table, and one verdict line", () => {
  const text = fc.string({ unit: "binary", maxLength: 40 });
  fc.assert(
    fc.property(
      fc.array(fc.record({ urn: text, message: text, policy: text, type: text }), { maxLength: 6 }),
      text,
      (findings, packName) => {
        const table = renderTable(report(findings, packName));
        assert.ok(!CONTROL.test(table), JSON.stringify(table));
        const verdicts = table.split("\n").filter((l) => /^(PASS|FAIL)/.test(l));
        assert.equal(verdicts.length, 1, table);
      },
    ),
    { numRuns: 1000 },
  );
});

test("one escaping helper: verify's table uses the same one; escaping is idempotent", () => {
  assert.equal(verifyPrintable, printable);
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (s) => {
      assert.equal(printable(printable(s)), printable(s));
      assert.ok(!/[\n]/.test(printable(s)));
      assert.equal(printableLines(s).split("\n").length, s.split("\n").length);
    }),
  );
});
