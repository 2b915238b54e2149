import assert from "node:assert/strict";
import { test } from "node:test";
import { ecsTaskDefinitionDisallowHostNamespaces as policy } from "../../../policy-pack/policies/ecs/ecsTaskDefinitionDisallowHostNamespaces";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecs/taskDefinition:TaskDefinition";
const containers = JSON.stringify([{ name: "web", image: "nginx" }]);

test("awsvpc networking with task-scoped or unset pid and ipc modes passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      networkMode: "awsvpc",
      pidMode: "task",
      containerDefinitions: containers,
    }),
    [],
  );
  assert.deepEqual(await violations(policy, TYPE, { containerDefinitions: containers }), []);
  assert.deepEqual(await violations(policy, TYPE, { networkMode: "", pidMode: "", ipcMode: "" }), []);
});

test("pidMode, ipcMode and networkMode host are each flagged (any case)", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      pidMode: "host",
      ipcMode: "Host",
      networkMode: "HOST",
      containerDefinitions: containers,
    }),
    [
      'pidMode is "host": the task sees and can signal every process of the container instance; leave it unset or set it to "task".',
      'ipcMode is "host": the task shares the host\'s shared memory and semaphores; leave it unset or set it to "task".',
      'networkMode is "host": the task binds the host\'s interfaces and reaches the instance metadata service and every local port; set it to "awsvpc".',
    ],
  );
});

test("pidMode host inside a container definition (where Checkov looks) is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      containerDefinitions: JSON.stringify([{ name: "web", pidMode: "host" }]),
    }),
    [
      'containerDefinitions[0] ("web") pidMode is "host": remove it; the task\'s pidMode decides, and must not be "host".',
    ],
  );
});

test("a malformed containerDefinitions is reported with the task-level findings", async () => {
  assert.deepEqual(await violations(policy, TYPE, { networkMode: "host", containerDefinitions: "{" }), [
    'networkMode is "host": the task binds the host\'s interfaces and reaches the instance metadata service and every local port; set it to "awsvpc".',
    "containerDefinitions is not a JSON array of container definitions: set it to a JSON array (pulumi.jsonStringify([...])) so its containers can be checked.",
  ]);
});

test("an unknown networkMode is an advisory note during preview", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { networkMode: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .networkMode can't be known during preview",
  });
});
