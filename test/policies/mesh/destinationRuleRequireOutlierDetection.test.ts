import assert from "node:assert/strict";
import { test } from "node:test";
import { destinationRuleRequireOutlierDetection as drOutlier } from "../../../policy-pack/policies/mesh/destinationRuleRequireOutlierDetection";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { dr, DR, obj } from "./meshFixtures";
const OUTLIER =
  ": set trafficPolicy.outlierDetection (e.g. consecutive5xxErrors: 5, interval: 30s, baseEjectionTime: 30s) so " +
  "failing replicas are ejected.";
const od = { consecutive5xxErrors: 5, interval: "30s", baseEjectionTime: "30s", maxEjectionPercent: 50 };

test("outlier detection: at the top, or in every subset, passes", async () => {
  assert.deepEqual(
    await violations(drOutlier, DR, dr("vllm", { trafficPolicy: { outlierDetection: od } })),
    [],
  );
  assert.deepEqual(
    await violations(
      drOutlier,
      DR,
      dr("vllm", {
        subsets: [
          { name: "a", trafficPolicy: { outlierDetection: od } },
          { name: "b", trafficPolicy: { outlierDetection: od } },
        ],
      }),
    ),
    [],
  );
});

test("outlier detection: missing, partly missing in subsets, or disabled is flagged", async () => {
  assert.deepEqual(await violations(drOutlier, DR, dr("vllm", {})), [
    `DestinationRule has no outlierDetection${OUTLIER}`,
  ]);
  assert.deepEqual(
    await violations(
      drOutlier,
      DR,
      dr("vllm", { subsets: [{ name: "a", trafficPolicy: { outlierDetection: od } }, { name: "b" }] }),
    ),
    [`DestinationRule has no outlierDetection${OUTLIER}`],
  );
  assert.deepEqual(
    await violations(
      drOutlier,
      DR,
      dr("vllm", { trafficPolicy: { outlierDetection: { consecutive5xxErrors: 0 } } }),
    ),
    [`DestinationRule has outlierDetection that never ejects${OUTLIER}`],
  );
  assert.deepEqual(
    await violations(
      drOutlier,
      DR,
      dr("vllm", { trafficPolicy: { outlierDetection: { ...od, maxEjectionPercent: 0 } } }),
    ),
    [`DestinationRule has outlierDetection with maxEjectionPercent 0${OUTLIER}`],
  );
});

test("outlier detection: namespaces scopes the policy; an unknown trafficPolicy is not inspectable (the SDK's note); patches are silent", async () => {
  assert.deepEqual(await violations(drOutlier, DR, dr("vllm", {}), { namespaces: ["other"] }), []);
  assert.equal((await violations(drOutlier, DR, dr("vllm", {}), { namespaces: ["inference"] })).length, 1);
  assert.deepEqual(
    await validate(drOutlier, { type: DR, props: dr("vllm", { trafficPolicy: UNKNOWN.object }) }),
    { violations: [], unknownRead: "string value at .spec.trafficPolicy can't be known during preview" },
  );
  assert.deepEqual(await violations(drOutlier, `${DR}Patch`, dr("vllm", {})), []);
});

test("outlier detection: an unknown subset list or namespace (when scoped) is not inspectable (the SDK's note)", async () => {
  assert.deepEqual(await validate(drOutlier, { type: DR, props: dr("vllm", { subsets: UNKNOWN.array }) }), {
    violations: [],
    unknownRead: "string value at .spec.subsets can't be known during preview",
  });
  assert.deepEqual(
    await validate(
      drOutlier,
      { type: DR, props: obj("DestinationRule", UNKNOWN.string, { host: "vllm" }) },
      {
        namespaces: ["inference"],
      },
    ),
    { violations: [], unknownRead: "string value at .metadata.namespace can't be known during preview" },
  );
});

test('outlier detection: an empty namespace ("") is outside a scoped list, and checked when unscoped', async () => {
  const rule = obj("DestinationRule", "", { host: "vllm" });
  assert.deepEqual(await violations(drOutlier, DR, rule, { namespaces: ["inference"] }), []);
  assert.deepEqual(await violations(drOutlier, DR, rule), [
    `DestinationRule has no outlierDetection${OUTLIER}`,
  ]);
});
