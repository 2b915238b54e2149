import assert from "node:assert/strict";
import { test } from "node:test";
import { authorizationPolicyDisallowAllowAll as authz } from "../../../policy-pack/policies/mesh/authorizationPolicyDisallowAllowAll";
import { destinationRuleDisallowTlsDisable as drTls } from "../../../policy-pack/policies/mesh/destinationRuleDisallowTlsDisable";
import { destinationRuleRequireOutlierDetection as drOutlier } from "../../../policy-pack/policies/mesh/destinationRuleRequireOutlierDetection";
import { meshRequireStrictMtls as meshMtls } from "../../../policy-pack/policies/mesh/meshRequireStrictMtls";
import { peerAuthenticationRequireStrictMtls as pa } from "../../../policy-pack/policies/mesh/peerAuthenticationRequireStrictMtls";
import { UNKNOWN, validate, validateStack, violations } from "../helpers/policyHarness";

const PA = "kubernetes:security.istio.io/v1:PeerAuthentication";
const AP = "kubernetes:security.istio.io/v1:AuthorizationPolicy";
const DR = "kubernetes:networking.istio.io/v1:DestinationRule";
const obj = (kind: string, namespace: unknown, spec: unknown) => ({
  apiVersion: kind === "DestinationRule" ? "networking.istio.io/v1" : "security.istio.io/v1",
  kind,
  metadata: { name: "x", namespace },
  spec,
});

// --- PeerAuthentication ---------------------------------------------------------------------------
test("PeerAuthentication: STRICT and UNSET (inherit) pass", async () => {
  assert.deepEqual(
    await violations(pa, PA, obj("PeerAuthentication", "inference", { mtls: { mode: "STRICT" } })),
    [],
  );
  assert.deepEqual(
    await violations(pa, PA, obj("PeerAuthentication", "inference", { mtls: { mode: "UNSET" } })),
    [],
  );
});

test("PeerAuthentication: PERMISSIVE and DISABLE are flagged, at the top and per port, in v1 and v1beta1", async () => {
  for (const t of [PA, "kubernetes:security.istio.io/v1beta1:PeerAuthentication"])
    assert.deepEqual(
      await violations(
        pa,
        t,
        obj("PeerAuthentication", "inference", {
          selector: { matchLabels: { app: "vllm" } },
          mtls: { mode: "PERMISSIVE" },
          portLevelMtls: { "8080": { mode: "DISABLE" }, "9090": { mode: "STRICT" } },
        }),
      ),
      [
        "PeerAuthentication sets mtls.mode PERMISSIVE: set it to STRICT (or UNSET to inherit STRICT).",
        "PeerAuthentication sets portLevelMtls 8080 mode DISABLE: set it to STRICT.",
      ],
    );
});

test("PeerAuthentication: unknown modes are silent", async () => {
  assert.deepEqual(
    await validate(pa, {
      type: PA,
      props: obj("PeerAuthentication", "x", {
        mtls: { mode: UNKNOWN.string },
        portLevelMtls: UNKNOWN.object,
      }),
    }),
    { violations: [] },
  );
});

// --- mesh-wide STRICT --------------------------------------------------------------------------------
const rootPa = (mode: unknown, namespace: unknown = "istio-system") => ({
  type: PA,
  name: "mesh-default",
  props: obj("PeerAuthentication", namespace, mode === undefined ? {} : { mtls: { mode } }),
});
const anyIstio = { type: AP, name: "deny", props: obj("AuthorizationPolicy", "inference", {}) };

test("mesh: a root-namespace STRICT PeerAuthentication passes; stacks without Istio are not checked", async () => {
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa("STRICT")]), []);
  assert.deepEqual(await validateStack(meshMtls, [{ type: "kubernetes:core/v1:Namespace", props: {} }]), []);
});

test("mesh: Istio without a mesh-wide STRICT policy is flagged, whether found by CRs or by the istiod chart", async () => {
  const missing =
    "The stack runs Istio but declares no mesh-wide PeerAuthentication: add one in istio-system with no selector " +
    "and spec.mtls.mode: STRICT.";
  assert.deepEqual(await validateStack(meshMtls, [anyIstio]), [{ message: missing, urn: undefined }]);
  assert.deepEqual(
    await validateStack(meshMtls, [
      { type: "kubernetes:helm.sh/v3:Release", props: { chart: "istiod", version: "1.24.2" } },
    ]),
    [{ message: missing, urn: undefined }],
  );
  // STRICT in a non-root namespace, or with a selector in the root namespace, is not mesh-wide.
  const scoped = {
    ...rootPa("STRICT"),
    props: obj("PeerAuthentication", "istio-system", {
      selector: { matchLabels: { app: "x" } },
      mtls: { mode: "STRICT" },
    }),
  };
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa("STRICT", "inference"), scoped]), [
    { message: missing, urn: undefined },
  ]);
});

test("mesh: a root policy with mode unset (PERMISSIVE at mesh level) is flagged on that policy", async () => {
  assert.deepEqual(await validateStack(meshMtls, [rootPa(undefined)]), [
    {
      message:
        "The mesh-wide PeerAuthentication in istio-system does not set mtls.mode STRICT (unset means PERMISSIVE at " +
        "mesh level): set spec.mtls.mode: STRICT.",
      urn: `urn:pulumi:test::rampart::${PA}::mesh-default`,
    },
  ]);
});

test("mesh: rootNamespace is configurable; unknown namespaces or modes are not flagged", async () => {
  assert.deepEqual(
    await validateStack(meshMtls, [rootPa("STRICT", "mesh-root")], { rootNamespace: "mesh-root" }),
    [],
  );
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa("STRICT", UNKNOWN.string)]), []);
  assert.deepEqual(await validateStack(meshMtls, [anyIstio, rootPa(UNKNOWN.string)]), []);
});

// --- DestinationRule TLS ---------------------------------------------------------------------------
const dr = (host: string, spec: Record<string, any>) =>
  obj("DestinationRule", "inference", { host, ...spec });

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

test("DestinationRule TLS: unknown hosts and modes are silent", async () => {
  assert.deepEqual(
    await validate(drTls, {
      type: DR,
      props: obj("DestinationRule", "x", {
        host: UNKNOWN.string,
        trafficPolicy: { tls: { mode: "SIMPLE" } },
        subsets: UNKNOWN.array,
      }),
    }),
    { violations: [] },
  );
});

// --- AuthorizationPolicy ---------------------------------------------------------------------------
const ap = (spec: unknown) => obj("AuthorizationPolicy", "inference", spec);
const allowAll = (n: number) =>
  `AuthorizationPolicy ALLOW rule #${n} matches every request: name the principals, namespaces or operations it allows.`;

test("AuthorizationPolicy: deny-all (spec {}), scoped ALLOW rules and DENY policies pass", async () => {
  assert.deepEqual(await violations(authz, AP, ap({})), []);
  assert.deepEqual(
    await violations(
      authz,
      AP,
      ap({
        action: "ALLOW",
        rules: [
          {
            from: [{ source: { principals: ["cluster.local/ns/gateway/sa/ingress"] } }],
            to: [{ operation: { methods: ["POST"], paths: ["/v1/completions"] } }],
          },
        ],
      }),
    ),
    [],
  );
  assert.deepEqual(await violations(authz, AP, ap({ action: "DENY", rules: [{}] })), []);
  assert.deepEqual(
    await violations(
      authz,
      AP,
      ap({
        action: "ALLOW",
        rules: [{ when: [{ key: "request.auth.claims[iss]", values: ["https://issuer"] }] }],
      }),
    ),
    [],
  );
});

test("AuthorizationPolicy: allow-all rules are flagged in every form", async () => {
  assert.deepEqual(await violations(authz, AP, ap({ rules: [{}] })), [allowAll(1)]);
  assert.deepEqual(
    await violations(
      authz,
      "kubernetes:security.istio.io/v1beta1:AuthorizationPolicy",
      ap({
        action: "ALLOW",
        rules: [
          { from: [{ source: { namespaces: ["a"] } }] },
          { from: [], to: [], when: [] },
          { from: [{ source: {} }], to: [{ operation: {} }] },
          { from: [{ source: { namespaces: ["a"] } }, { source: { principals: [] } }] },
        ],
      }),
    ),
    [allowAll(2), allowAll(3), allowAll(4)],
  );
});

test("AuthorizationPolicy: unknown actions and rules are silent", async () => {
  assert.deepEqual(await validate(authz, { type: AP, props: ap({ action: UNKNOWN.string, rules: [{}] }) }), {
    violations: [],
  });
  assert.deepEqual(
    await validate(authz, {
      type: AP,
      props: ap({ rules: [UNKNOWN.object, { from: [{ source: UNKNOWN.object }] }] }),
    }),
    { violations: [] },
  );
});

// --- outlier detection ------------------------------------------------------------------------------
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

test("outlier detection: namespaces scopes the policy; unknowns and patches are silent", async () => {
  assert.deepEqual(await violations(drOutlier, DR, dr("vllm", {}), { namespaces: ["other"] }), []);
  assert.equal((await violations(drOutlier, DR, dr("vllm", {}), { namespaces: ["inference"] })).length, 1);
  assert.deepEqual(
    await validate(drOutlier, { type: DR, props: dr("vllm", { trafficPolicy: UNKNOWN.object }) }),
    { violations: [] },
  );
  assert.deepEqual(await violations(drOutlier, `${DR}Patch`, dr("vllm", {})), []);
});
