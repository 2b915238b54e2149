import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../cli/errors";
import { type PolicySchemaInfo, reconcilePolicyConfig } from "../../cli/check/policyConfig";

/** Policy config strictness, on reconcilePolicyConfig directly (no pack process). */

const POLICIES: PolicySchemaInfo[] = [
  {
    name: "kms-deletion-window",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: { minimumDays: { type: "integer", default: 7 }, maximumDays: { type: "integer" } },
      required: [],
    },
  },
  { name: "no-public-bucket", enforcementLevel: "mandatory" },
  { name: "empty-schema", enforcementLevel: "advisory", configSchema: { properties: {}, required: [] } },
];

const reconcile = (given: Parameters<typeof reconcilePolicyConfig>[2]) =>
  reconcilePolicyConfig(POLICIES, {}, given, "cfg.json", "pack@1.0.0");

const refused = (given: Parameters<typeof reconcilePolicyConfig>[2]): string => {
  try {
    reconcile(given);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  assert.fail("the config was accepted");
};

test("a misspelt setting is refused, naming the policy, the setting, a suggestion and what is accepted", () => {
  assert.equal(
    refused({ "kms-deletion-window": { properties: { minimumDayz: 10 } } }),
    'policy config cfg.json: kms-deletion-window: unknown setting "minimumDayz" (did you mean "minimumDays"?); expected "minimumDays", "maximumDays" or enforcementLevel',
  );
});

test("a setting on a policy without a configSchema (or with no properties) is refused", () => {
  assert.equal(
    refused({ "no-public-bucket": { enforcementLevel: "advisory", properties: { minimumDays: 7 } } }),
    'policy config cfg.json: no-public-bucket: has no settings (no configSchema), so "minimumDays" cannot apply; expected only an enforcementLevel',
  );
  assert.match(refused({ "empty-schema": { properties: { x: 1 } } }), /empty-schema: has no settings/);
});

test("a setting on `all` is refused: `all` only sets levels", () => {
  assert.equal(
    refused({ all: { enforcementLevel: "advisory", properties: { minimumDays: 3 } } }),
    'policy config cfg.json: all: takes only an enforcementLevel (got "minimumDays")',
  );
});

test("every problem is reported at once; a far-off name gets no suggestion", () => {
  assert.equal(
    refused({
      "kms-deletion-window": { properties: { zzzzzz: 1, minimumDays: 9 } },
      "no-public-bucket": { properties: { a: 1, b: 2 } },
    }),
    'policy config cfg.json: kms-deletion-window: unknown setting "zzzzzz"; expected "minimumDays", "maximumDays" or enforcementLevel; ' +
      'no-public-bucket: has no settings (no configSchema), so "a", "b" cannot apply; expected only an enforcementLevel',
  );
});

test("declared settings and levels alone are still accepted, with schema defaults filled in", () => {
  const config = reconcile({
    "kms-deletion-window": { enforcementLevel: "advisory", properties: { maximumDays: 30 } },
    "no-public-bucket": { enforcementLevel: "disabled" },
    all: { enforcementLevel: "mandatory" },
  });
  assert.deepEqual(config.get("kms-deletion-window"), {
    enforcementLevel: "advisory",
    properties: { minimumDays: 7, maximumDays: 30 },
  });
  assert.deepEqual(config.get("no-public-bucket"), { enforcementLevel: "disabled", properties: {} });
});
