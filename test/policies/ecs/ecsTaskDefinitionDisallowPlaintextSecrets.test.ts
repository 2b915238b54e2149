import assert from "node:assert/strict";
import { test } from "node:test";
import { ecsTaskDefinitionDisallowPlaintextSecrets as policy } from "../../../policy-pack/policies/ecs/ecsTaskDefinitionDisallowPlaintextSecrets";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ecs/taskDefinition:TaskDefinition";
const task = (...containers: unknown[]) => ({ containerDefinitions: JSON.stringify(containers) });
const msg = (label: string, names: string) =>
  `${label} sets ${names} as literal environment values: store them in Secrets Manager or SSM Parameter Store and list them under secrets ({ name, valueFrom: <ARN> }).`;

test("secrets by reference (secrets list) and ordinary environment values pass", async () => {
  assert.deepEqual(
    await violations(
      policy,
      TYPE,
      task({
        name: "web",
        environment: [
          { name: "LOG_LEVEL", value: "info" },
          { name: "TOKEN_TYPE", value: "bearer" },
          { name: "DB_PASSWORD_ARN", value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
        ],
        secrets: [
          { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
        ],
      }),
    ),
    [],
  );
});

test("literal values under secret-looking names are flagged, any case", async () => {
  assert.deepEqual(
    await violations(
      policy,
      TYPE,
      task(
        {
          name: "web",
          environment: [
            { name: "DB_PASSWORD", value: "hunter2" },
            { name: "stripe_api_key", value: "sk_live_x" },
            { name: "AWS_SECRET_ACCESS_KEY", value: "abc" },
          ],
        },
        { environment: [{ name: "GITHUB_TOKEN", value: "ghp_x" }] },
      ),
    ),
    [
      msg('containerDefinitions[0] ("web")', "DB_PASSWORD, stripe_api_key, AWS_SECRET_ACCESS_KEY"),
      msg("containerDefinitions[1]", "GITHUB_TOKEN"),
    ],
  );
});

test("a credential under an ordinary name is flagged by the shared detector, naming its kind, never the value", async () => {
  const out = await violations(
    policy,
    TYPE,
    task({
      name: "worker",
      environment: [
        { name: "DATABASE_URL", value: "postgres://app:Sup3rS3cretPw@db.internal:5432/app" },
        { name: "LOG_LEVEL", value: "info" },
        { name: "UPSTREAM", value: "postgres://db.internal:5432/app" },
      ],
    }),
  );
  assert.equal(out.length, 1);
  assert.equal(
    out[0],
    msg(`containerDefinitions[0] ("worker")`, "DATABASE_URL (a password in a connection string)"),
  );
  assert.ok(!out[0].includes("Sup3rS3cretPw"));
});

test("empty values and malformed environment entries are not findings", async () => {
  assert.deepEqual(
    await violations(
      policy,
      TYPE,
      task({
        environment: [
          { name: "PASSWORD", value: "" },
          { name: "SECRET" },
          "PASSWORD=x",
          null,
          { value: "x" },
        ],
      }),
    ),
    [],
  );
  assert.deepEqual(await violations(policy, TYPE, task({ environment: "PASSWORD=x" })), []);
});

test("a malformed containerDefinitions is a violation naming the property", async () => {
  assert.deepEqual(await violations(policy, TYPE, { containerDefinitions: "" }), [
    "containerDefinitions is not a JSON array of container definitions: set it to a JSON array (pulumi.jsonStringify([...])) so its containers can be checked.",
  ]);
});

test("unknown containerDefinitions is an advisory note during preview", async () => {
  assert.deepEqual(await validate(policy, { type: TYPE, props: { containerDefinitions: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .containerDefinitions can't be known during preview",
  });
});
