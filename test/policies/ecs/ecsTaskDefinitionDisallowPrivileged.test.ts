import assert from "node:assert/strict";
import { test } from "node:test";
import { ecsTaskDefinitionDisallowPrivileged as policy } from "../../../policy-pack/policies/ecs/ecsTaskDefinitionDisallowPrivileged";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecs/taskDefinition:TaskDefinition";
const web = { name: "web", image: "nginx", user: "1000", readonlyRootFilesystem: true };
const task = (...containers: unknown[]) => ({
  family: "app",
  containerDefinitions: JSON.stringify(containers),
});
const MALFORMED =
  "containerDefinitions is not a JSON array of container definitions: set it to a JSON array (pulumi.jsonStringify([...])) so its containers can be checked.";
const msg = (label: string) =>
  `${label} runs privileged: remove privileged (or set it to false) and add only the capabilities it needs under linuxParameters.capabilities.add.`;

test("containers without privileged, or with privileged false, pass", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, task(web, { ...web, name: "side", privileged: false })),
    [],
  );
});

test("privileged true (boolean, or the string a hand-written JSON may hold) is flagged per container", async () => {
  assert.deepEqual(
    await violations(
      policy,
      TYPE,
      task(web, { ...web, name: "agent", privileged: true }, { image: "x", privileged: "TRUE" }),
    ),
    [msg('containerDefinitions[1] ("agent")'), msg("containerDefinitions[2]")],
  );
});

test("an array (not a JSON string) is read the same way", async () => {
  assert.deepEqual(await violations(policy, TYPE, { containerDefinitions: [{ ...web, privileged: true }] }), [
    msg('containerDefinitions[0] ("web")'),
  ]);
});

test("malformed JSON, an empty string and a non-array are one violation naming the property, not a throw", async () => {
  for (const containerDefinitions of ["[{", "", '{"name":"web"}', 42])
    assert.deepEqual(
      await violations(policy, TYPE, { containerDefinitions }),
      [MALFORMED],
      String(containerDefinitions),
    );
});

test("missing containerDefinitions and non-object entries say nothing", async () => {
  assert.deepEqual(await violations(policy, TYPE, { family: "app" }), []);
  assert.deepEqual(await violations(policy, TYPE, task(null, "web", 3)), []);
});

test("unknown containerDefinitions is an advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { containerDefinitions: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .containerDefinitions can't be known during preview",
  });
});
