import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import type { StackExport } from "../../../cli/export";
import { lintPolicyDocuments, parseAccessCases, rampartAccess, verifyAccess } from "../../../cli/verify/iam";
import { rampart } from "../../helpers/cli";
import { tempDir } from "../../helpers/cli";

// Our stacks' access cases on real plan exports of dev and prod: every required call must be allowed
// and every forbidden one denied. Before the issue #11 fixes, three failed here: ECR layer downloads
// through the S3 endpoint, EKS's grant on the cluster key, and the logs key admitting any EKS group.

const tmp = tempDir("rampart-iam-");

for (const stack of ["dev", "prod"]) {
  describe(`rampart access on the ${stack} plan export`, () => {
    const file = path.join(tmp, `${stack}.json`);
    const run = rampart(["plan", "--stack", stack, "--export-out", file]);
    // plan exits 1 when its policy check or its verify fails (these tests judge the cases themselves);
    // the export is written before either runs. 2 would be bad input.
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    const resources = (JSON.parse(fs.readFileSync(file, "utf8")) as StackExport).deployment.resources;

    test("every policy document is well-formed, with actions and condition keys AWS knows", () => {
      assert.deepEqual(lintPolicyDocuments(resources), []);
    });

    const started = process.hrtime.bigint();
    const cases = rampartAccess(resources);
    const verdicts = verifyAccess(resources, cases);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;

    test("the cases are data in the documented format, and cover each area", () => {
      assert.deepEqual(
        parseAccessCases(JSON.parse(JSON.stringify(cases))),
        JSON.parse(JSON.stringify(cases)),
      );
      for (const area of [
        "eks-create-cluster/",
        "ecr-layer-download/",
        "logs-key/",
        "logs-key-foreign/",
        "asg-slr/",
        "flow-logs/",
        "node-ecr/",
        "workload-key/",
        "workload-key-forbidden/",
        "cross-account-key/",
        "endpoint-perimeter/",
      ]) {
        assert.ok(
          cases.some((c) => c.id.startsWith(area)),
          `no case for ${area}`,
        );
      }
      assert.ok(
        cases.every((c) => /^https:\/\//.test(c.cite)),
        "every case cites its document",
      );
    });

    test(`cases and lint take well under a second (${ms.toFixed(0)} ms)`, () =>
      assert.ok(ms < 1000, `${ms} ms`));

    for (const v of verdicts) {
      test(`${v.id}: ${v.expect}`, () => {
        assert.equal(v.verdict, v.expect, `${v.reason}\n${JSON.stringify(v.policies, null, 1)}`);
      });
    }
  });
}
