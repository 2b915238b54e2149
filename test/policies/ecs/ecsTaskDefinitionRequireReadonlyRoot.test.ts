import assert from "node:assert/strict";
import { test } from "node:test";
import { ecsTaskDefinitionRequireReadonlyRoot as policy } from "../../../policy-pack/policies/ecs/ecsTaskDefinitionRequireReadonlyRoot";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecs/taskDefinition:TaskDefinition";
const task = (...containers: unknown[]) => ({ containerDefinitions: JSON.stringify(containers) });
const msg = (label: string, shown: string) =>
  `${label} readonlyRootFilesystem is ${shown}: set it to true and mount the paths the container writes as volumes.`;

test("readonlyRootFilesystem true passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, task({ name: "web", readonlyRootFilesystem: true })), []);
});

test("omitted (ECS's default), false and an empty string are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      TYPE,
      task(
        { name: "a" },
        { name: "b", readonlyRootFilesystem: false },
        { name: "c", readonlyRootFilesystem: "" },
      ),
    ),
    [
      msg('containerDefinitions[0] ("a")', "unset (ECS's default, false)"),
      msg('containerDefinitions[1] ("b")', "false"),
      msg('containerDefinitions[2] ("c")', "unset (ECS's default, false)"),
    ],
  );
});

test("a malformed containerDefinitions is a violation naming the property", async () => {
  assert.deepEqual(await violations(policy, TYPE, { containerDefinitions: "not json" }), [
    "containerDefinitions is not a JSON array of container definitions: set it to a JSON array (pulumi.jsonStringify([...])) so its containers can be checked.",
  ]);
});

test("unknown containerDefinitions is an advisory note during preview", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { containerDefinitions: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .containerDefinitions can't be known during preview",
  });
});
