import assert from "node:assert/strict";
import { test } from "node:test";
import { releaseRequirePinnedVersion as version } from "../../../policy-pack/policies/helm/releaseRequirePinnedVersion";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CHART3, CHART4, release, RELEASE } from "./helmFixtures";

test("version: exact versions pass; local charts and .tgz URLs need none", async () => {
  for (const t of [RELEASE, CHART3, CHART4]) assert.deepEqual(await violations(version, t, release()), []);
  assert.deepEqual(await violations(version, CHART3, { path: "./charts/inference" }), []);
  assert.deepEqual(await violations(version, CHART4, { chart: "./charts/inference" }), []);
  assert.deepEqual(
    await violations(version, RELEASE, { chart: "https://example.com/charts/x-1.2.3.tgz" }),
    [],
  );
  assert.deepEqual(
    await violations(version, CHART3, {
      chart: "istiod",
      fetchOpts: { version: "1.24.2", repo: "https://istio-release.storage.googleapis.com/charts" },
    }),
    [],
  );
});

test("version: missing and ranges are flagged in all three Helm types; an unknown version is not inspectable", async () => {
  const { version: _, ...unpinned } = release();
  for (const t of [RELEASE, CHART3, CHART4]) {
    assert.deepEqual(await violations(version, t, unpinned), [
      'Helm chart "nvidia-device-plugin" has no version, so the newest is installed: pin an exact chart version.',
    ]);
    for (const range of ["^0.17.0", "~0.17", "0.x", ">=0.17.0", "*"])
      assert.deepEqual(await violations(version, t, release({ version: range })), [
        `Helm chart "nvidia-device-plugin" version "${range}" is a range, not a pinned version: pin an exact chart version.`,
      ]);
  }
  assert.deepEqual(
    await violations(version, CHART4, { chart: "oci://registry-1.docker.io/bitnamicharts/nginx" }),
    [
      'Helm chart "oci://registry-1.docker.io/bitnamicharts/nginx" has no version, so the newest is installed: pin an exact chart version.',
    ],
  );
  // An unknown version is not inspectable (the SDK's note), not a pass.
  assert.deepEqual(await validate(version, { type: RELEASE, props: release({ version: UNKNOWN.string }) }), {
    violations: [],
    unknownRead: "string value at .version can't be known during preview",
  });
});

test("an unknown version or chart is not inspectable (the SDK's note; it is checked again at pulumi up)", async () => {
  for (const [props, path] of [
    [release({ version: UNKNOWN.string }), "version"],
    [release({ chart: UNKNOWN.string, version: "^1" }), "chart"],
  ] as const)
    assert.deepEqual(await validate(version, { type: RELEASE, props }), {
      violations: [],
      unknownRead: `string value at .${path} can't be known during preview`,
    });
});

test("an empty version is no version: flagged", async () => {
  assert.deepEqual(await violations(version, RELEASE, release({ version: "" })), [
    'Helm chart "nvidia-device-plugin" has no version, so the newest is installed: pin an exact chart version.',
  ]);
  assert.deepEqual(
    await violations(version, CHART3, release({ version: " ", fetchOpts: { version: "1.0.0" } })),
    [
      'Helm chart "nvidia-device-plugin" has no version, so the newest is installed: pin an exact chart version.',
    ],
  );
});
