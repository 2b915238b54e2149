import assert from "node:assert/strict";
import { test } from "node:test";
import { destinationRuleDisallowTlsDisable as drTls } from "../../../policy-pack/policies/mesh/destinationRuleDisallowTlsDisable";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { DESTINATION_RULE_TYPES } from "../../../policy-pack/lib/k8sTypes";
import { dr, DR, obj } from "./meshFixtures";
test("DestinationRule TLS: ISTIO_MUTUAL in-mesh and SIMPLE to an external host pass", async () => {
  assert.deepEqual(
    await violations(
      drTls,
      DR,
      dr("vllm.inference.svc.cluster.local", { trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } }),
    ),
    [],
  );
  assert.deepEqual(
    await violations(
      drTls,
      DR,
      dr("api.openai.com", { trafficPolicy: { tls: { mode: "SIMPLE", sni: "api.openai.com" } } }),
    ),
    [],
  );
});

test("DestinationRule TLS: DISABLE at every level, SIMPLE in-mesh and insecureSkipVerify are flagged", async () => {
  assert.deepEqual(
    await violations(
      drTls,
      DR,
      dr("vllm", {
        trafficPolicy: {
          tls: { mode: "DISABLE" },
          portLevelSettings: [{ port: { number: 8000 }, tls: { mode: "SIMPLE" } }],
        },
        subsets: [
          {
            name: "v2",
            labels: { version: "v2" },
            trafficPolicy: { tls: { mode: "MUTUAL", insecureSkipVerify: true } },
          },
        ],
      }),
    ),
    [
      "DestinationRule sets trafficPolicy.tls.mode DISABLE: use ISTIO_MUTUAL (in-mesh) or SIMPLE (external).",
      'DestinationRule sets trafficPolicy.portLevelSettings[port 8000].tls.mode SIMPLE for in-mesh host "vllm": use ISTIO_MUTUAL.',
      'DestinationRule sets subsets["v2"].trafficPolicy.tls.mode MUTUAL for in-mesh host "vllm": use ISTIO_MUTUAL.',
      'DestinationRule sets subsets["v2"].trafficPolicy.tls.insecureSkipVerify: remove it and verify the server.',
    ],
  );
  for (const t of [
    "kubernetes:networking.istio.io/v1alpha3:DestinationRule",
    "kubernetes:networking.istio.io/v1beta1:DestinationRule",
  ])
    assert.equal(
      (await violations(drTls, t, dr("api.example.com", { trafficPolicy: { tls: { mode: "DISABLE" } } })))
        .length,
      1,
    );
});

test("DestinationRule TLS: unknown hosts and subsets are not inspectable (the SDK's note)", async () => {
  assert.deepEqual(
    await validate(drTls, {
      type: DR,
      props: obj("DestinationRule", "x", {
        host: UNKNOWN.string,
        trafficPolicy: { tls: { mode: "SIMPLE" } },
        subsets: UNKNOWN.array,
      }),
    }),
    { violations: [], unknownRead: "string value at .spec.host can't be known during preview" },
  );
});

test("DestinationRule TLS: an unknown mode is silent, and does not hide DISABLE in a subset", async () => {
  assert.deepEqual(
    await validate(drTls, {
      type: DR,
      props: dr("vllm", {
        trafficPolicy: { tls: { mode: UNKNOWN.string } },
        subsets: [{ name: "a", trafficPolicy: { tls: { mode: "DISABLE" } } }],
      }),
    }),
    {
      violations: [
        'DestinationRule sets subsets["a"].trafficPolicy.tls.mode DISABLE: use ISTIO_MUTUAL (in-mesh) or SIMPLE (external).',
      ],
    },
  );
});

test("DestinationRule TLS: an empty mode passes; an empty host counts as in-mesh (a short name)", async () => {
  assert.deepEqual(await violations(drTls, DR, dr("vllm", { trafficPolicy: { tls: { mode: "" } } })), []);
  assert.deepEqual(await violations(drTls, DR, dr("", { trafficPolicy: { tls: { mode: "SIMPLE" } } })), [
    'DestinationRule sets trafficPolicy.tls.mode SIMPLE for in-mesh host "": use ISTIO_MUTUAL.',
  ]);
});

test("every served API version and its Patch twin give the same finding", async () => {
  const insecure = dr("vllm", { trafficPolicy: { tls: { mode: "DISABLE" } } });
  const want = await violations(drTls, DR, insecure);
  assert.ok(want.length > 0);
  for (const t of DESTINATION_RULE_TYPES) assert.deepEqual(await violations(drTls, t, insecure), want, t);
});
