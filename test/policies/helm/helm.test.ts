import assert from "node:assert/strict";
import { test } from "node:test";
import { releaseDisallowInsecureRepository as repo } from "../../../policy-pack/policies/helm/releaseDisallowInsecureRepository";
import { releaseDisallowInsecureValues as values } from "../../../policy-pack/policies/helm/releaseDisallowInsecureValues";
import { releaseRequirePinnedVersion as version } from "../../../policy-pack/policies/helm/releaseRequirePinnedVersion";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CHART3 = "kubernetes:helm.sh/v3:Chart";
const CHART4 = "kubernetes:helm.sh/v4:Chart";
const release = (extra: Record<string, any> = {}) => ({
  chart: "nvidia-device-plugin",
  version: "0.17.0",
  namespace: "kube-system",
  repositoryOpts: { repo: "https://nvidia.github.io/k8s-device-plugin" },
  values: { resources: { limits: { cpu: "100m" } }, securityContext: { allowPrivilegeEscalation: false } },
  ...extra,
});
const isolation = "it switches off pod isolation.";

test("values: a release with secure values passes, in all three Helm types", async () => {
  for (const t of [RELEASE, CHART3, CHART4]) assert.deepEqual(await violations(values, t, release()), []);
});

test("values: every insecure setting is flagged with its path, at any depth and in lists", async () => {
  const insecure = release({
    values: {
      hostNetwork: true,
      controller: {
        securityContext: {
          privileged: true,
          allowPrivilegeEscalation: "true",
          runAsUser: 0,
          capabilities: { add: ["NET_BIND_SERVICE", "SYS_ADMIN"] },
        },
        podSecurityContext: { runAsNonRoot: false, seccompProfile: { type: "Unconfined" } },
      },
      sidecars: [{ name: "x", securityContext: { privileged: true } }],
      "extra.config": { hostPID: true, hostIPC: true },
    },
  });
  const chart = 'Helm chart "nvidia-device-plugin" values set';
  for (const t of [RELEASE, CHART3, CHART4])
    assert.deepEqual(await violations(values, t, insecure), [
      `${chart} hostNetwork: true at values.hostNetwork: remove it, ${isolation}`,
      `${chart} privileged: true at values.controller.securityContext.privileged: remove it, ${isolation}`,
      `${chart} allowPrivilegeEscalation: true at values.controller.securityContext.allowPrivilegeEscalation: remove it, ${isolation}`,
      `${chart} runAsUser: 0 at values.controller.securityContext.runAsUser: remove it, ${isolation}`,
      `${chart} added capabilities SYS_ADMIN at values.controller.securityContext.capabilities.add: remove it, ${isolation}`,
      `${chart} runAsNonRoot: false at values.controller.podSecurityContext.runAsNonRoot: remove it, ${isolation}`,
      `${chart} seccompProfile type Unconfined at values.controller.podSecurityContext.seccompProfile.type: remove it, ${isolation}`,
      `${chart} privileged: true at values.sidecars[0].securityContext.privileged: remove it, ${isolation}`,
      `${chart} hostPID: true at values["extra.config"].hostPID: remove it, ${isolation}`,
      `${chart} hostIPC: true at values["extra.config"].hostIPC: remove it, ${isolation}`,
    ]);
});

test("values: allowedPaths accepts a reviewed setting for that chart only; unknown values are silent", async () => {
  const r = release({ values: { cni: { privileged: true } } });
  const chartName = String(r.chart);
  assert.deepEqual(
    await violations(values, RELEASE, r, { allowedPaths: { [chartName]: ["values.cni.privileged"] } }),
    [],
  );
  // The same path granted to another chart does not excuse this one.
  assert.equal(
    (await violations(values, RELEASE, r, { allowedPaths: { "other-chart": ["values.cni.privileged"] } }))
      .length,
    1,
  );
  assert.deepEqual(
    await validate(values, {
      type: RELEASE,
      props: release({ values: { a: UNKNOWN.object, privileged: UNKNOWN.boolean } }),
    }),
    { violations: [] },
  );
  assert.deepEqual(await validate(values, { type: RELEASE, props: release({ values: UNKNOWN.object }) }), {
    violations: [],
  });
});

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

test("version: missing and ranges are flagged in all three Helm types", async () => {
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
  assert.deepEqual(await validate(version, { type: RELEASE, props: release({ version: UNKNOWN.string }) }), {
    violations: [],
  });
});

test("repository: https and OCI pass; http repositories, chart URLs and plainHttp are flagged", async () => {
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
  assert.deepEqual(
    await validate(repo, { type: RELEASE, props: release({ repositoryOpts: UNKNOWN.object }) }),
    { violations: [] },
  );
  assert.deepEqual(await violations(repo, "kubernetes:core/v1:Pod", { chart: "http://x" }), []);
});
