import assert from "node:assert/strict";
import { test } from "node:test";
import { configRecorderRequireEnabled as policy } from "../../../policy-pack/policies/detection/configRecorderRequireEnabled";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const RECORDER = "aws:cfg/recorder:Recorder";
const STATUS = "aws:cfg/recorderStatus:RecorderStatus";
const recorder = () => res(RECORDER, "recorder", { name: "rampart", roleArn: "r" });
const status = (props: Record<string, any>) =>
  res(STATUS, "status", { name: "rampart", isEnabled: true, ...props });

test("a recorder started by a RecorderStatus naming it passes", async () => {
  assert.deepEqual(await validateStack(policy, [recorder(), status({})]), []);
});

test("a recorder never started, or stopped (isEnabled false), is flagged", async () => {
  const r = recorder();
  assert.deepEqual(await validateStack(policy, [r]), [
    {
      urn: r.urn,
      message:
        'Config recorder "recorder" is never started: add an aws.cfg.RecorderStatus naming it with isEnabled: true.',
    },
  ]);
  assert.deepEqual(await validateStack(policy, [r, status({ isEnabled: false })]), [
    {
      urn: r.urn,
      message: 'Config recorder "recorder" is stopped: set isEnabled: true on its RecorderStatus.',
    },
  ]);
});

test('a status naming another recorder (or "") does not start this one', async () => {
  const r = recorder();
  for (const name of ["other", ""])
    assert.equal((await validateStack(policy, [r, status({ name })])).length, 1, JSON.stringify(name));
});

test("unknown values during preview (the status's recorder name or flag) are not judged", async () => {
  assert.deepEqual(await validateStack(policy, [recorder(), status({ name: UNKNOWN.string })]), []);
  assert.deepEqual(await validateStack(policy, [recorder(), status({ isEnabled: UNKNOWN.boolean })]), []);
});

test('isEnabled "true" (a string) starts the recorder; "false" and "" do not', async () => {
  const r = recorder();
  assert.deepEqual(await validateStack(policy, [r, status({ isEnabled: "true" })]), []);
  for (const isEnabled of ["false", ""])
    assert.deepEqual(
      await validateStack(policy, [r, status({ isEnabled })]),
      [
        {
          urn: r.urn,
          message: 'Config recorder "recorder" is stopped: set isEnabled: true on its RecorderStatus.',
        },
      ],
      isEnabled,
    );
});
