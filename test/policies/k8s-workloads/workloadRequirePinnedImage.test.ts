import assert from "node:assert/strict";
import { test } from "node:test";
import {
  parseImage,
  workloadRequirePinnedImage as policy,
} from "../../../policy-pack/policies/k8s-workloads/workloadRequirePinnedImage";
import { UNKNOWN } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  DIGEST,
  init,
  KINDS,
  main,
  patchCases,
  sharedWorkloadCases,
  workloadOutcome,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

const DIGEST_FIX = "pin it by digest (image@sha256:...)";

for (const kind of KINDS)
  test(`${kind.kind}: a latest image is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(policy, kind, (s) => (main(s).image = "vllm/vllm-openai:latest")),
      [`Container "app" uses image "vllm/vllm-openai:latest": ${DIGEST_FIX}, never latest.`],
    );
  });

test("no tag, a registry port and no tag, and a tag without digest are flagged, in every container list", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      main(s).image = "nginx";
      init(s).image = "registry.internal:5000/tools/fetch";
      addEphemeral(s).image = "busybox:1.36";
    }),
    [
      `Container "app" uses image "nginx" with no tag, which resolves to latest: ${DIGEST_FIX}.`,
      `Init container "fetch-model" uses image "registry.internal:5000/tools/fetch" with no tag, which resolves to latest: ${DIGEST_FIX}.`,
      `Ephemeral container "debug" uses image "busybox:1.36" without a digest: ${DIGEST_FIX}.`,
    ],
  );
});

test("requireDigest: false allows version tags but still flags latest", async () => {
  assert.deepEqual(
    await workloadViolations(
      policy,
      DEPLOYMENT,
      (s) => {
        main(s).image = "busybox:1.36";
        init(s).image = "busybox:latest";
      },
      { requireDigest: false },
    ),
    [`Init container "fetch-model" uses image "busybox:latest": ${DIGEST_FIX}, never latest.`],
  );
});

test("a digest pins the image even with a latest tag; unknown images are not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      main(s).image = `nginx:latest@${DIGEST}`;
      init(s).image = UNKNOWN.string;
    }),
    [],
  );
});

test("parseImage reads registries with ports, tags and digests", () => {
  assert.deepEqual(parseImage("nginx"), {});
  assert.deepEqual(parseImage("host:5000/a/b"), {});
  assert.deepEqual(parseImage("host:5000/a/b:1.2"), { tag: "1.2" });
  assert.deepEqual(parseImage(`a@${DIGEST}`), { digest: DIGEST });
  assert.deepEqual(parseImage("a@sha256:short"), {});
});

test('an empty image ("") is not judged (there is no reference to pin)', async () => {
  assert.deepEqual(await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).image = "")), {
    violations: [],
  });
});

patchCases(policy, { containers: [{ name: "app", image: "vllm/vllm-openai:latest" }] }, [
  'Container "app" uses image "vllm/vllm-openai:latest": pin it by digest (image@sha256:...), never latest.',
]);
