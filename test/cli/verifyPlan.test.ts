import assert from "node:assert/strict";
import { test } from "node:test";
import { rampart, rampartProcess, tempFile } from "./helpers";

/**
 * `rampart plan` ends with `rampart verify` on the export it captured (in memory): the same report as
 * `rampart verify --export` on the written export, and an exit code that is the worse of the two gates.
 * Asserted on the behaviour, not on a PASS: the stacks' verdict changes as defects are fixed.
 */

test("plan --stack dev prints verify's report on its export and exits with the worse verdict", async () => {
  const exportOut = tempFile("dev.json", "");
  const plan = await rampartProcess(["plan", "--stack", "dev", "--export-out", exportOut]);
  assert.ok(plan.code === 0 || plan.code === 1, plan.stderr);
  const [head, tail] = plan.stdout.split("\nverifying flows, access and policy documents (rampart verify)\n");
  assert.ok(tail !== undefined, plan.stdout);
  // The policy check came first, with its own verdict.
  const checked = /^(PASS|FAIL): \d+ mandatory violations?/m.exec(head!);
  assert.ok(checked, head);

  // Verify on the file plan wrote gives exactly what plan printed: matrix, failing cases, counts, summary.
  const verify = await rampart("verify", "--export", exportOut);
  assert.equal(tail, verify.stdout);
  assert.match(
    tail,
    /^from \\ to +\| data +\| inference +\| ingress +\| logging +\| management +\| internet$/m,
  );
  assert.match(tail, /\n(PASS|FAIL): \d+ (of \d+ )?flows.*, \d+ lint problems?\n$/);

  const worse = Math.max(checked[1] === "FAIL" ? 1 : 0, verify.code);
  assert.equal(plan.code, worse);
});
