import assert from "node:assert/strict";
import { test } from "node:test";
import { releaseDisallowInsecureValues as values } from "../../../policy-pack/policies/helm/releaseDisallowInsecureValues";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CHART3, CHART4, release, RELEASE } from "./helmFixtures";

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

test("values: allowedPaths accepts a reviewed setting for that chart only; unknown entries in values are silent, unknown values as a whole are not inspectable (the SDK's note)", async () => {
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
    // An unknown value under a key a rule judges is not inspectable; an unknown elsewhere ("a") is not read.
    { violations: [], unknownRead: "string value at .values.privileged can't be known during preview" },
  );
  assert.deepEqual(
    await validate(values, { type: RELEASE, props: release({ values: { a: UNKNOWN.object } }) }),
    { violations: [] },
  );
  // Unknown values as a whole are not inspectable (the SDK's note).
  assert.deepEqual(await validate(values, { type: RELEASE, props: release({ values: UNKNOWN.object }) }), {
    violations: [],
    unknownRead: "string value at .values can't be known during preview",
  });
});

test("an unknown value is not read and says nothing; a known insecure value beside it is flagged", async () => {
  assert.deepEqual(
    await validate(values, {
      type: RELEASE,
      props: release({ values: { agent: { privileged: UNKNOWN.boolean }, hostPID: true } }),
    }),
    {
      violations: [
        `Helm chart "nvidia-device-plugin" values set hostPID: true at values.hostPID: remove it, ${isolation}`,
      ],
    },
  );
});

test('empty strings: privileged, runAsUser, runAsNonRoot "" switch nothing on; an empty added capability is not NET_BIND_SERVICE: flagged', async () => {
  assert.deepEqual(
    await violations(
      values,
      RELEASE,
      release({ values: { privileged: "", runAsUser: "", runAsNonRoot: "", capabilities: { add: [""] } } }),
    ),
    [
      `Helm chart "nvidia-device-plugin" values set added capabilities  at values.capabilities.add: remove it, ${isolation}`,
    ],
  );
});

test("values: the istiod chart's global.proxy.privileged: true is flagged, in an object and in a YAML or JSON string", async () => {
  const istiod = (v: unknown) => release({ chart: "istiod", values: v });
  const flagged = [
    `Helm chart "istiod" values set privileged: true at values.global.proxy.privileged: remove it, ${isolation}`,
  ];
  assert.deepEqual(
    await violations(values, RELEASE, istiod({ global: { proxy: { privileged: true } } })),
    flagged,
  );
  assert.deepEqual(
    await violations(values, RELEASE, istiod("global:\n  proxy:\n    privileged: true\n")),
    flagged,
  );
  assert.deepEqual(
    await violations(values, CHART4, istiod('{"global":{"proxy":{"privileged":true}}}')),
    flagged,
  );
  assert.deepEqual(
    await violations(values, RELEASE, istiod("global:\n  proxy:\n    privileged: false\n")),
    [],
  );
  assert.deepEqual(await violations(values, RELEASE, istiod("{not: [yaml")), []);
});

test("values: hostProcess, a non-Default procMount, a hostPort and readOnlyRootFilesystem: false are flagged", async () => {
  const chart = 'Helm chart "nvidia-device-plugin" values set';
  assert.deepEqual(
    await violations(
      values,
      RELEASE,
      release({
        values: {
          securityContext: { windowsOptions: { hostProcess: true }, procMount: "Unmasked" },
          containerSecurityContext: { readOnlyRootFilesystem: false },
          ports: [{ containerPort: 9400, hostPort: 9400 }],
          metrics: { hostPort: "8080" },
        },
      }),
    ),
    [
      `${chart} hostProcess: true at values.securityContext.windowsOptions.hostProcess: remove it, ${isolation}`,
      `${chart} procMount other than Default at values.securityContext.procMount: remove it, ${isolation}`,
      `${chart} readOnlyRootFilesystem: false at values.containerSecurityContext.readOnlyRootFilesystem: remove it, ${isolation}`,
      `${chart} a hostPort at values.ports[0].hostPort: remove it, ${isolation}`,
      `${chart} a hostPort at values.metrics.hostPort: remove it, ${isolation}`,
    ],
  );
});

test('values: their secure twins pass (procMount Default or "", hostPort 0 or a chart\'s hostPort block, readOnlyRootFilesystem: true)', async () => {
  assert.deepEqual(
    await violations(
      values,
      RELEASE,
      release({
        values: {
          securityContext: {
            windowsOptions: { hostProcess: false },
            procMount: "Default",
            readOnlyRootFilesystem: true,
          },
          sidecar: { securityContext: { procMount: "" } },
          ports: [{ containerPort: 9400, hostPort: 0 }],
          controller: { hostPort: { enabled: false, ports: { http: 80 } } },
          other: { hostPort: UNKNOWN.number, readOnlyRootFilesystem: UNKNOWN.boolean },
        },
      }),
    ),
    [],
  );
});
