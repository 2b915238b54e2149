import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowUnmaskedProcMount as procMount } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowUnmaskedProcMount";
import { workloadDisallowUnsafeSysctls as sysctls } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowUnsafeSysctls";
import { workloadRestrictVolumeTypes as volumes } from "../../../policy-pack/policies/k8s-workloads/workloadRestrictVolumeTypes";
import { UNKNOWN } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  init,
  KINDS,
  main,
  sharedWorkloadCases,
  workloadViolations,
} from "./workloadFixtures";

// Three small Pod Security controls, tested together; each still gets the shared cases.
describeShared();
function describeShared() {
  sharedWorkloadCases(procMount);
  sharedWorkloadCases(sysctls);
  sharedWorkloadCases(volumes);
}

for (const kind of KINDS) {
  test(`${kind.kind}: procMount Unmasked is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(procMount, kind, (s) => (main(s).securityContext.procMount = "Unmasked")),
      ['Container "app" sets securityContext.procMount: Unmasked: remove it (Default masks /proc).'],
    );
  });
  test(`${kind.kind}: an unsafe sysctl is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(
        sysctls,
        kind,
        (s) => (s.securityContext.sysctls = [{ name: "kernel.msgmax", value: "1" }]),
      ),
      ["Pod spec sets unsafe sysctl kernel.msgmax: remove it from securityContext.sysctls."],
    );
  });
  test(`${kind.kind}: an nfs volume is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(volumes, kind, (s) =>
        s.volumes.push({ name: "models", nfs: { server: "10.0.0.5", path: "/" } }),
      ),
      ['Volume "models" is of type nfs, which Pod Security restricted forbids: use a persistentVolumeClaim.'],
    );
  });
}

test("procMount: init and ephemeral containers are checked; Default and unknown are not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(procMount, KINDS[0]!, (s) => {
      main(s).securityContext.procMount = "Default";
      init(s).securityContext.procMount = UNKNOWN.string;
      addEphemeral(s).securityContext.procMount = "Unmasked";
    }),
    [
      'Ephemeral container "debug" sets securityContext.procMount: Unmasked: remove it (Default masks /proc).',
    ],
  );
});

test("sysctls: the safe set passes", async () => {
  assert.deepEqual(
    await workloadViolations(sysctls, DEPLOYMENT, (s) => {
      s.securityContext.sysctls = [
        { name: "net.ipv4.ip_unprivileged_port_start", value: "0" },
        { name: "net.ipv4.tcp_keepalive_time", value: "60" },
        { name: UNKNOWN.string, value: "1" },
      ];
    }),
    [],
  );
});

test("volumes: allowed types pass, hostPath is left to its own policy, gitRepo is flagged", async () => {
  assert.deepEqual(
    await workloadViolations(volumes, DEPLOYMENT, (s) =>
      s.volumes.push(
        { name: "cfg", configMap: { name: "c" } },
        { name: "tok", projected: { sources: [] } },
        { name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } },
        { name: "host", hostPath: { path: "/" } },
        { name: "src", gitRepo: { repository: "https://example.com/x.git" } },
      ),
    ),
    ['Volume "src" is of type gitRepo, which Pod Security restricted forbids: use a persistentVolumeClaim.'],
  );
});
