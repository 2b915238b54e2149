import assert from "node:assert/strict";
import { test } from "node:test";
import { sqsQueueDisallowPublicPrincipal as policy } from "../../../policy-pack/policies/exposure/sqsQueueDisallowPublicPrincipal";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const QUEUE = "aws:sqs/queue:Queue";
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const json = (...Statement: unknown[]) => JSON.stringify(doc(...Statement));
const msg = (label: string) =>
  `Queue policy ${label} allows any principal ("*") without a condition that restricts it: name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceArn or a similar key.`;
const open = { Sid: "Open", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage" };

test("a queue policy naming an account passes, and a queue without a policy passes", async () => {
  assert.deepEqual(
    await violations(policy, QUEUE_POLICY, {
      queueUrl: "https://sqs/q",
      policy: json({ ...open, Principal: { AWS: "arn:aws:iam::111122223333:root" } }),
    }),
    [],
  );
  assert.deepEqual(await violations(policy, QUEUE, { name: "q" }), []);
});

test('Principal "*" on a separate QueuePolicy is flagged (string and object documents)', async () => {
  assert.deepEqual(
    await violations(policy, QUEUE_POLICY, { queueUrl: "https://sqs/q", policy: json(open) }),
    [msg('statement "Open"')],
  );
  assert.deepEqual(
    await violations(policy, QUEUE_POLICY, {
      queueUrl: "https://sqs/q",
      policy: doc({ ...open, Sid: undefined, Principal: { AWS: "*" } }),
    }),
    [msg("statement 0")],
  );
});

test('Principal "*" in the inline policy of a Queue is flagged', async () => {
  assert.deepEqual(await violations(policy, QUEUE, { name: "q", policy: json(open) }), [
    msg('statement "Open"'),
  ]);
});

test("a service admitted through aws:SourceArn passes", async () => {
  assert.deepEqual(
    await violations(policy, QUEUE, {
      name: "q",
      policy: json({
        ...open,
        Principal: "*",
        Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::rampart-uploads" } },
      }),
    }),
    [],
  );
});

test("an unknown policy during preview is an advisory note, not a violation or a throw", async () => {
  const outcome = await validate(policy, { type: QUEUE, props: { name: "q", policy: UNKNOWN.string } });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /policy/);
});

test("other types are ignored", async () => {
  assert.deepEqual(await violations(policy, "aws:sns/topic:Topic", { policy: json(open) }), []);
});
