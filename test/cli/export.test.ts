import assert from "node:assert/strict";
import { test } from "node:test";
import * as aws from "@pulumi/aws";
import { durationSeconds, toStackExport } from "../../cli/export";
import { runProgram } from "../../cli/runtime/mockRun";

test("Go duration strings become seconds; anything else is not a duration", () => {
  assert.equal(durationSeconds("45s"), 45);
  assert.equal(durationSeconds("5m"), 300);
  assert.equal(durationSeconds("1h30m"), 5400);
  assert.equal(durationSeconds("1.5h"), 5400);
  assert.equal(durationSeconds("250ms"), 0.25);
  for (const bad of ["", "5", "5 m", "m5", "five minutes", undefined])
    assert.equal(durationSeconds(bad), undefined);
});

test("custom timeouts are checkpointed in seconds, as the engine writes them", async () => {
  const run = await runProgram(
    () => {
      new aws.s3.Bucket("b", {}, { customTimeouts: { create: "10m", delete: "1h" } });
      new aws.s3.Bucket("plain", {});
      return {};
    },
    { project: "rampart", stack: "t", config: { "aws:region": "us-east-1" } },
  );
  assert.equal(run.error, undefined);
  const doc = toStackExport(run.resources, { project: "rampart", stack: "t", config: {} });
  const byName = (n: string) => doc.deployment.resources.find((r) => r.urn.endsWith(`::${n}`));
  assert.deepEqual(byName("b")?.customTimeouts, { create: 600, delete: 3600 });
  assert.equal(byName("plain")?.customTimeouts, undefined);
});
