import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadDisallowUnsafeSysctls as sysctls } from "../../../policy-pack/policies/k8s-workloads/workloadDisallowUnsafeSysctls";
import { UNKNOWN } from "../helpers/policyHarness";
import {
  DEPLOYMENT,
  KINDS,
  patchCases,
  sharedWorkloadCases,
  workloadOutcome,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(sysctls, "pod");

for (const kind of KINDS)
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

test("an unknown sysctl list is not inspectable (the SDK's note), not flagged", async () => {
  assert.deepEqual(
    await workloadOutcome(sysctls, DEPLOYMENT, (s) => (s.securityContext.sysctls = UNKNOWN.array)),
    {
      violations: [],
      unknownRead:
        "string value at .spec.template.spec.securityContext.sysctls can't be known during preview",
    },
  );
});

test('a sysctl named "" is not in the safe set: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(
      sysctls,
      DEPLOYMENT,
      (s) => (s.securityContext.sysctls = [{ name: "", value: "1" }]),
    ),
    { violations: ["Pod spec sets unsafe sysctl : remove it from securityContext.sysctls."] },
  );
});

patchCases(sysctls, { securityContext: { sysctls: [{ name: "kernel.msgmax", value: "65536" }] } }, [
  "Pod spec sets unsafe sysctl kernel.msgmax: remove it from securityContext.sysctls.",
]);
