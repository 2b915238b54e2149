import assert from "node:assert/strict";
import { test } from "node:test";
import { autoscalingGroupDisallowLaunchConfiguration as policy } from "../../../policy-pack/policies/ec2/autoscalingGroupDisallowLaunchConfiguration";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const ASG = "aws:autoscaling/group:Group";
const MSG =
  "Auto Scaling group uses a launch configuration: set launchTemplate (an aws.ec2.LaunchTemplate) instead of launchConfiguration.";

test("is advisory by default", () => {
  assert.equal(policy.enforcementLevel, "advisory");
});

test("a group launching from a launch template (direct or in a mixed instances policy) passes", async () => {
  assert.deepEqual(await violations(policy, ASG, { launchTemplate: { id: "lt-1", version: "$Latest" } }), []);
  assert.deepEqual(
    await violations(policy, ASG, {
      mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-1" } } },
    }),
    [],
  );
});

test("a group with a launch configuration is flagged", async () => {
  assert.deepEqual(await violations(policy, ASG, { launchConfiguration: "web-lc" }), [MSG]);
});

test("an unknown launchConfiguration is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: ASG, props: { launchConfiguration: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .launchConfiguration can't be known during preview",
  });
});

test('an empty launchConfiguration ("") names none: passes', async () => {
  assert.deepEqual(await violations(policy, ASG, { launchConfiguration: "" }), []);
});
