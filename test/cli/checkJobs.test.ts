import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultJobs, RESOURCES_PER_JOB } from "../../cli/check";

test("default pack processes: one per 2,000 resources, at most one per core and at most 4", () => {
  assert.equal(RESOURCES_PER_JOB, 2000);
  // A stack like ours (a few hundred resources) gets one pack, whatever the cores.
  assert.equal(defaultJobs(220, 2), 1);
  assert.equal(defaultJobs(220, 16), 1);
  assert.equal(defaultJobs(0, 2), 1);
  // Large exports get more, up to the cores...
  assert.equal(defaultJobs(2001, 2), 2);
  assert.equal(defaultJobs(10_000, 2), 2);
  assert.equal(defaultJobs(10_000, 1), 1);
  // ...and never more than 4.
  assert.equal(defaultJobs(10_000, 16), 4);
  assert.equal(defaultJobs(6000, 16), 3);
});
