import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { json, rampartProcess, tempFile } from "./helpers";

/** `rampart plan` ends with the same check as `rampart check`, on the program's captured resources. */

test("plan --stack dev runs our policy pack over what the program registers", async () => {
  const exportOut = tempFile("dev.json", "");
  const run = await rampartProcess(["plan", "--stack", "dev", "--format", "json", "--export-out", exportOut]);
  // JSON owns stdout; the tree and notes go to stderr.
  assert.match(run.stderr, /^stack dev \(/);
  assert.match(run.stderr, /checking with policy pack policy-pack/);
  const report = json(run);
  assert.deepEqual(report.policyPacks, [{ name: "rampart", version: "0.1.0" }]);
  // Every resource of the export except providers and pending deletions was analyzed.
  const doc = JSON.parse(fs.readFileSync(exportOut, "utf8"));
  const analyzed = doc.deployment.resources.filter(
    (r: { type: string; delete?: boolean }) => !r.type.startsWith("pulumi:providers:") && !r.delete,
  );
  assert.equal(report.resources, analyzed.length);
  assert.ok(report.resources >= 1);
  // Then verify ran on the same resources; its report goes to stderr too. The exit code is the worse.
  const verified = /^(PASS|FAIL): \d+ (of \d+ )?flows?.*, \d+ lint problems?$/m.exec(run.stderr);
  assert.ok(verified, run.stderr);
  // No tier matrix beside JSON: the failing cases and the counts only.
  assert.doesNotMatch(run.stderr, /^from \\ to /m);
  assert.equal(run.code, report.summary.mandatory > 0 || verified[1] === "FAIL" ? 1 : 0);
});

test("plan reads --policy-config into the check of our pack", async () => {
  const config = tempFile("policy.json", JSON.stringify({ "no-such-policy": "mandatory" }));
  const run = await rampartProcess(["plan", "--stack", "dev", "--policy-config", config]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    `rampart: policy config ${config}: pack rampart@0.1.0 has no policy named "no-such-policy"\n`,
  );
});
