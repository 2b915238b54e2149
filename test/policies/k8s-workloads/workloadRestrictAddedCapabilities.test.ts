import assert from "node:assert/strict";
import { test } from "node:test";
import { workloadRestrictAddedCapabilities as policy } from "../../../policy-pack/policies/k8s-workloads/workloadRestrictAddedCapabilities";
import { UNKNOWN } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  init,
  KINDS,
  main,
  patchCases,
  sharedWorkloadCases,
  workloadOutcome,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

for (const kind of KINDS)
  test(`${kind.kind}: an added SYS_ADMIN is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(
        policy,
        kind,
        (s) => (main(s).securityContext.capabilities.add = ["SYS_ADMIN"]),
      ),
      [
        'Container "app" adds capability SYS_ADMIN: remove it from securityContext.capabilities.add ' +
          "(allowed: NET_BIND_SERVICE).",
      ],
    );
  });

test("NET_BIND_SERVICE (in any spelling) is allowed; several others are listed once, normalised", async () => {
  assert.deepEqual(
    await workloadViolations(policy, KINDS[0]!, (s) => {
      main(s).securityContext.capabilities.add = ["NET_BIND_SERVICE", "CAP_NET_BIND_SERVICE"];
      init(s).securityContext.capabilities.add = ["NET_ADMIN", "cap_net_raw", "NET_ADMIN", UNKNOWN.string];
      addEphemeral(s).securityContext.capabilities.add = ["SYS_PTRACE"];
    }),
    [
      'Init container "fetch-model" adds capabilities NET_ADMIN, NET_RAW: remove them from ' +
        "securityContext.capabilities.add (allowed: NET_BIND_SERVICE).",
      'Ephemeral container "debug" adds capability SYS_PTRACE: remove it from securityContext.capabilities.add ' +
        "(allowed: NET_BIND_SERVICE).",
    ],
  );
});

test("allowedCapabilities is configurable, down to none", async () => {
  const add = (s: any) => (main(s).securityContext.capabilities.add = ["NET_BIND_SERVICE", "CHOWN"]);
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, add, { allowedCapabilities: ["NET_BIND_SERVICE", "CHOWN"] }),
    [],
  );
  assert.deepEqual(await workloadViolations(policy, DEPLOYMENT, add, { allowedCapabilities: [] }), [
    'Container "app" adds capabilities NET_BIND_SERVICE, CHOWN: remove them from ' +
      "securityContext.capabilities.add (allowed: none).",
  ]);
});

test('an added capability "" is not allowed: flagged', async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => (main(s).securityContext.capabilities.add = [""])),
    {
      violations: [
        'Container "app" adds capability : remove it from securityContext.capabilities.add (allowed: NET_BIND_SERVICE).',
      ],
    },
  );
});

test("an unknown add list is not read and says nothing; a known SYS_ADMIN in another container is flagged", async () => {
  assert.deepEqual(
    await workloadOutcome(policy, DEPLOYMENT, (s) => {
      main(s).securityContext.capabilities.add = UNKNOWN.array;
      init(s).securityContext.capabilities.add = ["SYS_ADMIN"];
    }),
    {
      violations: [
        'Init container "fetch-model" adds capability SYS_ADMIN: remove it from securityContext.capabilities.add (allowed: NET_BIND_SERVICE).',
      ],
    },
  );
});

patchCases(
  policy,
  { containers: [{ name: "app", securityContext: { capabilities: { add: ["SYS_ADMIN"] } } }] },
  [
    'Container "app" adds capability SYS_ADMIN: remove it from securityContext.capabilities.add (allowed: NET_BIND_SERVICE).',
  ],
);
