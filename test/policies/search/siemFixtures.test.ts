import assert from "node:assert/strict";
import { test } from "node:test";
import { policyTypes } from "../../../policy-pack/lib/policy";
import { policies } from "../../../policy-pack/policies";
import { validate } from "../helpers/policyHarness";
import { DOMAIN, FIREHOSE, siemDomain, siemFirehose } from "./searchFixtures";

/** The fixtures the OpenSearch and Firehose tests mutate must pass every resource policy of their type. */
for (const [type, props] of [
  [DOMAIN, siemDomain()],
  [FIREHOSE, siemFirehose()],
] as const) {
  test(`the compliant ${type} fixture passes every resource policy that inspects it`, async () => {
    const mine = policies.filter((p) => {
      const t = policyTypes(p);
      return "validateResource" in p && (typeof t === "function" ? t(type) : t?.includes(type));
    });
    assert.ok(mine.length >= (type === DOMAIN ? 8 : 3), `${mine.length} policies`);
    for (const p of mine) assert.deepEqual(await validate(p, { type, props }), { violations: [] }, p.name);
  });
}
