import assert from "node:assert/strict";
import { test } from "node:test";
import { snsTopicDisallowPublicPrincipal as policy } from "../../../policy-pack/policies/exposure/snsTopicDisallowPublicPrincipal";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const TOPIC = "aws:sns/topic:Topic";
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const json = (...Statement: unknown[]) => JSON.stringify(doc(...Statement));
const msg = (label: string) =>
  `Topic policy ${label} allows any principal ("*") without a condition that restricts it: name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceArn or a similar key.`;
const open = { Sid: "Open", Effect: "Allow", Principal: "*", Action: ["SNS:Publish", "SNS:Subscribe"] };

test('AWS\'s default topic policy ("*" limited by AWS:SourceOwner) passes, and a topic without a policy passes', async () => {
  assert.deepEqual(
    await violations(policy, TOPIC_POLICY, {
      arn: "arn:aws:sns:eu-west-1:111122223333:t",
      policy: json({
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["SNS:Publish", "SNS:Subscribe"],
        Resource: "arn:aws:sns:eu-west-1:111122223333:t",
        Condition: { StringEquals: { "AWS:SourceOwner": "111122223333" } },
      }),
    }),
    [],
  );
  assert.deepEqual(await violations(policy, TOPIC, { name: "t" }), []);
});

test('Principal "*" on a separate TopicPolicy is flagged (string and object documents)', async () => {
  assert.deepEqual(await violations(policy, TOPIC_POLICY, { arn: "arn:t", policy: json(open) }), [
    msg('statement "Open"'),
  ]);
  assert.deepEqual(
    await violations(policy, TOPIC_POLICY, {
      arn: "arn:t",
      policy: doc({ ...open, Sid: undefined, Principal: { AWS: ["*"] } }),
    }),
    [msg("statement 0")],
  );
});

test('Principal "*" in the inline policy of a Topic is flagged', async () => {
  assert.deepEqual(await violations(policy, TOPIC, { name: "t", policy: json(open) }), [
    msg('statement "Open"'),
  ]);
});

test("an unknown policy during preview is an advisory note, not a violation or a throw", async () => {
  const outcome = await validate(policy, {
    type: TOPIC_POLICY,
    props: { arn: "arn:t", policy: UNKNOWN.string },
  });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /policy/);
});

test("other types are ignored", async () => {
  assert.deepEqual(await violations(policy, "aws:sqs/queue:Queue", { policy: "{}" }), []);
});
