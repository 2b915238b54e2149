import assert from "node:assert/strict";
import { test } from "node:test";
import { configRecorderRequireAllResources as policy } from "../../../policy-pack/policies/detection/configRecorderRequireAllResources";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const RECORDER = "aws:cfg/recorder:Recorder";
const recorder = (group: Record<string, any>) => ({
  name: "rampart",
  roleArn: "arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
  recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, ...group },
});
const SELECTED =
  "Config recorder records selected resource types only: set recordingGroup.allSupported: true.";
const GLOBAL =
  "Config recorder leaves out global resources (IAM): set recordingGroup.includeGlobalResourceTypes: true.";

test("all supported types plus global ones pass", async () => {
  assert.deepEqual(await violations(policy, RECORDER, recorder({})), []);
  assert.deepEqual(
    await violations(
      policy,
      RECORDER,
      recorder({ recordingStrategy: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" } }),
    ),
    [],
  );
});

test("selected types, no global types, or no recording group at all are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      RECORDER,
      recorder({ allSupported: false, resourceTypes: ["AWS::EC2::Instance"] }),
    ),
    [SELECTED],
  );
  assert.deepEqual(await violations(policy, RECORDER, recorder({ includeGlobalResourceTypes: false })), [
    GLOBAL,
  ]);
  assert.deepEqual(await violations(policy, RECORDER, { name: "rampart", roleArn: "r" }), [GLOBAL]);
});

test("an exclusion list or a narrower strategy is flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      RECORDER,
      recorder({
        allSupported: false,
        exclusionByResourceTypes: [{ resourceTypes: ["AWS::IAM::Role"] }],
        recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" },
      }),
    ),
    [
      SELECTED,
      'Config recorder strategy is EXCLUSION_BY_RESOURCE_TYPES: set recordingGroup.recordingStrategy.useOnly: "ALL_SUPPORTED_RESOURCE_TYPES".',
      "Config recorder excludes resource types: remove recordingGroup.exclusionByResourceTypes.",
    ],
  );
});

test('an empty strategy ("") is not a narrower one', async () => {
  assert.deepEqual(await violations(policy, RECORDER, recorder({ recordingStrategy: { useOnly: "" } })), []);
});

test("an unknown flag is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: RECORDER,
      props: recorder({ includeGlobalResourceTypes: UNKNOWN.boolean }),
    }),
    {
      violations: [],
      unknownRead:
        "boolean value at .recordingGroup.includeGlobalResourceTypes can't be known during preview",
    },
  );
});

test('flags written as strings: "true" global types pass, allSupported "false" is flagged', async () => {
  assert.deepEqual(
    await violations(policy, RECORDER, {
      recordingGroup: { allSupported: "true", includeGlobalResourceTypes: "TRUE" },
    }),
    [],
  );
  assert.deepEqual(
    await violations(policy, RECORDER, {
      recordingGroup: { allSupported: "false", includeGlobalResourceTypes: true },
    }),
    ["Config recorder records selected resource types only: set recordingGroup.allSupported: true."],
  );
  assert.deepEqual(
    await violations(policy, RECORDER, {
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: "" },
    }),
    [
      "Config recorder leaves out global resources (IAM): set recordingGroup.includeGlobalResourceTypes: true.",
    ],
  );
});
