import assert from "node:assert/strict";
import { test } from "node:test";
import { releaseDisallowInsecureRepository as repo } from "../../../policy-pack/policies/helm/releaseDisallowInsecureRepository";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CHART3, CHART4, release, RELEASE } from "./helmFixtures";

test("repository: https and OCI pass; http repositories, chart URLs and plainHttp are flagged; an unknown repositoryOpts is not inspectable", async () => {
  for (const t of [RELEASE, CHART3, CHART4]) assert.deepEqual(await violations(repo, t, release()), []);
  assert.deepEqual(
    await violations(repo, RELEASE, release({ repositoryOpts: { repo: "http://charts.example.com" } })),
    [
      'Helm chart "nvidia-device-plugin" is fetched over plain HTTP (repositoryOpts.repo http://charts.example.com): use an https:// URL.',
    ],
  );
  assert.deepEqual(
    await violations(repo, CHART3, {
      chart: "x",
      version: "1.0.0",
      fetchOpts: { repo: "HTTP://charts.example.com" },
    }),
    [
      'Helm chart "x" is fetched over plain HTTP (fetchOpts.repo HTTP://charts.example.com): use an https:// URL.',
    ],
  );
  assert.deepEqual(await violations(repo, CHART4, { chart: "http://example.com/x-1.0.0.tgz" }), [
    'Helm chart "http://example.com/x-1.0.0.tgz" is fetched over plain HTTP (chart http://example.com/x-1.0.0.tgz): use an https:// URL.',
  ]);
  assert.deepEqual(
    await violations(repo, CHART4, {
      chart: "oci://registry.internal/charts/x",
      version: "1.0.0",
      plainHttp: true,
    }),
    [
      'Helm chart "oci://registry.internal/charts/x" sets plainHttp: true: fetch it from the registry over TLS.',
    ],
  );
  // An unknown repositoryOpts is not inspectable (the SDK's note), not a pass.
  assert.deepEqual(
    await validate(repo, { type: RELEASE, props: release({ repositoryOpts: UNKNOWN.object }) }),
    { violations: [], unknownRead: "string value at .repositoryOpts can't be known during preview" },
  );
  assert.deepEqual(await violations(repo, "kubernetes:core/v1:Pod", { chart: "http://x" }), []);
});

test("an unknown repository is not inspectable (the SDK's note); an unknown chart name does not hide an http repository", async () => {
  assert.deepEqual(
    await validate(repo, {
      type: RELEASE,
      props: release({ repositoryOpts: { repo: UNKNOWN.string }, plainHttp: UNKNOWN.boolean }),
    }),
    {
      violations: [],
      unknownRead: "string value at .repositoryOpts.repo can't be known during preview",
    },
  );
  assert.deepEqual(
    await validate(repo, {
      type: RELEASE,
      props: release({ chart: UNKNOWN.string, repositoryOpts: { repo: "http://charts.example.com" } }),
    }),
    {
      violations: [
        "Helm chart is fetched over plain HTTP (repositoryOpts.repo http://charts.example.com): use an https:// URL.",
      ],
    },
  );
});

test("an empty repository URL is not plain HTTP: passes", async () => {
  assert.deepEqual(await violations(repo, RELEASE, release({ repositoryOpts: { repo: "" } })), []);
});
