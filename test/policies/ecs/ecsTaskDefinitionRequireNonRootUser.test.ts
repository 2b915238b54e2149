import assert from "node:assert/strict";
import { test } from "node:test";
import { ecsTaskDefinitionRequireNonRootUser as policy } from "../../../policy-pack/policies/ecs/ecsTaskDefinitionRequireNonRootUser";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecs/taskDefinition:TaskDefinition";
const task = (...containers: unknown[]) => ({ containerDefinitions: JSON.stringify(containers) });
const msg = (i: number, shown: string) =>
  `containerDefinitions[${i}] user is ${shown}: set user to a non-root UID such as "1000:1000".`;
const UNSET = "unset (the image's user, root for most images)";

test("a non-root user (UID, UID:GID, a name) passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, task({ user: "1000" }, { user: "1000:1000" }, { user: "app" })),
    [],
  );
});

test("root, UID 0 and their group forms are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      TYPE,
      task({ user: "root" }, { user: "0" }, { user: "0:0" }, { user: "ROOT:wheel" }, { user: 0 }),
    ),
    [msg(0, '"root"'), msg(1, '"0"'), msg(2, '"0:0"'), msg(3, '"ROOT:wheel"'), msg(4, "0")],
  );
});

test("an omitted or empty user is flagged (the image's USER, root for most images)", async () => {
  assert.deepEqual(await violations(policy, TYPE, task({ image: "x" }, { user: "" }, { user: "  " })), [
    msg(0, UNSET),
    msg(1, UNSET),
    msg(2, UNSET),
  ]);
});

test("unknown containerDefinitions is an advisory note during preview", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { containerDefinitions: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .containerDefinitions can't be known during preview",
  });
});
