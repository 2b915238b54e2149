import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { verifyCluster, type ClusterCase, type ClusterVerdict } from "../../../cli/verify/cluster";
import type { ExportResource } from "../../../cli/verify/network";
import { GATEWAY, ISSUER, authz, ns, peerAuth, requestAuth, strictMesh } from "./clusterFixture";

/** The target namespace is injected and has no NetworkPolicy: only Istio decides. */
const base = [ns("app", { "istio-injection": "enabled" })];
const gw = { namespace: "istio-ingress", serviceAccount: "istio-ingressgateway" }; // GATEWAY's identity
const req = (over: Partial<ClusterCase["from"]> = {}, to: Partial<ClusterCase["to"]> = {}): ClusterCase => ({
  id: "c",
  from: { ...gw, ...over },
  to: { namespace: "app", labels: { app: "llm" }, port: 8000, method: "POST", path: "/v1/chat", ...to },
  expect: "allow",
  cite: "x",
});
const run = (extra: ExportResource[], c = req()): ClusterVerdict =>
  verifyCluster([...base, ...extra], [c])[0]!;
const layer = (v: ClusterVerdict, name: string) => v.layers.find((l) => l.layer === name)!;

describe("PeerAuthentication", () => {
  const table: [string, ExportResource[], boolean, string][] = [
    ["mesh STRICT refuses a client without sidecar", [strictMesh()], false, "deny"],
    ["mesh STRICT admits a sidecar", [strictMesh()], true, "allow"],
    ["no policy is PERMISSIVE", [], false, "allow"],
    [
      "namespace PERMISSIVE overrides mesh STRICT",
      [strictMesh(), peerAuth("app", "ns", { mtls: { mode: "PERMISSIVE" } })],
      false,
      "allow",
    ],
    [
      "namespace UNSET inherits mesh STRICT",
      [strictMesh(), peerAuth("app", "ns", { mtls: { mode: "UNSET" } })],
      false,
      "deny",
    ],
    [
      "workload STRICT overrides namespace PERMISSIVE",
      [
        peerAuth("app", "ns", { mtls: { mode: "PERMISSIVE" } }),
        peerAuth("app", "wl", { selector: { matchLabels: { app: "llm" } }, mtls: { mode: "STRICT" } }),
      ],
      false,
      "deny",
    ],
    [
      "a workload policy for another app does not apply",
      [peerAuth("app", "wl", { selector: { matchLabels: { app: "other" } }, mtls: { mode: "STRICT" } })],
      false,
      "allow",
    ],
    [
      "portLevelMtls PERMISSIVE on the port overrides workload STRICT",
      [
        peerAuth("app", "wl", {
          selector: { matchLabels: { app: "llm" } },
          mtls: { mode: "STRICT" },
          portLevelMtls: { "8000": { mode: "PERMISSIVE" } },
        }),
      ],
      false,
      "allow",
    ],
    [
      "portLevelMtls on another port leaves STRICT",
      [
        peerAuth("app", "wl", {
          selector: { matchLabels: { app: "llm" } },
          mtls: { mode: "STRICT" },
          portLevelMtls: { "9090": { mode: "DISABLE" } },
        }),
      ],
      false,
      "deny",
    ],
    [
      "two namespace policies that disagree cannot be told",
      [
        peerAuth("app", "a", { mtls: { mode: "STRICT" } }),
        peerAuth("app", "b", { mtls: { mode: "DISABLE" } }),
      ],
      true,
      "undecidable",
    ],
  ];
  for (const [name, objs, sidecar, want] of table)
    test(name, () => assert.equal(layer(run(objs, req({ sidecar })), "peerAuthentication").decision, want));
});

const allowGateway = (extra: Record<string, unknown> = {}) =>
  authz("app", "allow-gw", {
    selector: { matchLabels: { app: "llm" } },
    rules: [
      { from: [{ source: { principals: [GATEWAY], ...extra } }], to: [{ operation: { paths: ["/v1/*"] } }] },
    ],
  });
const jwt = requestAuth("app", "jwt", { jwtRules: [{ issuer: ISSUER, jwksUri: `${ISSUER}jwks` }] });

describe("AuthorizationPolicy", () => {
  const table: [string, ExportResource[], ClusterCase, string][] = [
    ["no policy allows", [strictMesh()], req(), "allow"],
    ["an empty spec allows nothing", [strictMesh(), authz("app", "nothing", {})], req(), "deny"],
    [
      "allow-nothing plus an allow for the gateway",
      [strictMesh(), authz("app", "nothing", {}), allowGateway()],
      req(),
      "allow",
    ],
    ["the allow names the path prefix", [strictMesh(), allowGateway()], req({}, { path: "/admin" }), "deny"],
    [
      "another principal is not the gateway",
      [strictMesh(), allowGateway()],
      req({ serviceAccount: "other" }),
      "deny",
    ],
    [
      "without mTLS (PERMISSIVE, no sidecar) there is no principal to match",
      [allowGateway()],
      req({ sidecar: false }),
      "deny",
    ],
    [
      "requestPrincipals needs a token",
      [strictMesh(), jwt, allowGateway({ requestPrincipals: ["*"] })],
      req(),
      "deny",
    ],
    [
      "a token the RequestAuthentication validates",
      [strictMesh(), jwt, allowGateway({ requestPrincipals: ["*"] })],
      req({ jwt: true }),
      "allow",
    ],
    [
      "a token without any RequestAuthentication yields no principal",
      [strictMesh(), allowGateway({ requestPrincipals: ["*"] })],
      req({ jwt: true }),
      "deny",
    ],
    [
      "requestPrincipals by issuer prefix",
      [strictMesh(), jwt, allowGateway({ requestPrincipals: [`${ISSUER}*`] })],
      req({ jwt: true }),
      "allow",
    ],
    [
      "notRequestPrincipals excludes a subject",
      [strictMesh(), jwt, allowGateway({ notRequestPrincipals: [`${ISSUER}/mallory`] })],
      req({ jwt: true, subject: "mallory" }),
      "deny",
    ],
    [
      "DENY wins over ALLOW",
      [
        strictMesh(),
        allowGateway(),
        authz("app", "deny-admin", {
          action: "DENY",
          rules: [{ to: [{ operation: { methods: ["POST"] } }] }],
        }),
      ],
      req(),
      "deny",
    ],
    [
      "a root-namespace DENY applies mesh-wide",
      [
        strictMesh(),
        authz("istio-system", "deny-all-post", {
          action: "DENY",
          rules: [{ to: [{ operation: { methods: ["POST"] } }] }],
        }),
      ],
      req(),
      "deny",
    ],
    [
      "a policy in another namespace does not apply",
      [strictMesh(), authz("elsewhere", "nothing", {})],
      req(),
      "allow",
    ],
    [
      "a CUSTOM policy is skipped",
      [strictMesh(), authz("app", "ext", { action: "CUSTOM", provider: { name: "x" }, rules: [{}] })],
      req(),
      "allow",
    ],
    [
      "notPaths and suffix matching",
      [strictMesh(), authz("app", "a", { rules: [{ to: [{ operation: { notPaths: ["*.php"] } }] }] })],
      req({}, { path: "/x.php" }),
      "deny",
    ],
    [
      "ports are strings and must equal the target port",
      [strictMesh(), authz("app", "a", { rules: [{ to: [{ operation: { ports: ["9090"] } }] }] })],
      req(),
      "deny",
    ],
    [
      "namespaces match the peer's namespace over mTLS",
      [
        strictMesh(),
        authz("app", "a", { rules: [{ from: [{ source: { namespaces: ["istio-ingress"] } }] }] }),
      ],
      req(),
      "allow",
    ],
    [
      "a when condition on request.auth.claims cannot be told",
      [
        strictMesh(),
        authz("app", "a", { rules: [{ when: [{ key: "request.auth.claims[group]", values: ["x"] }] }] }),
      ],
      req(),
      "undecidable",
    ],
    [
      "ipBlocks cannot be told",
      [strictMesh(), authz("app", "a", { rules: [{ from: [{ source: { ipBlocks: ["10.0.0.0/8"] } }] }] })],
      req(),
      "undecidable",
    ],
  ];
  for (const [name, objs, c, want] of table)
    test(name, () =>
      assert.equal(layer(run(objs, c), "authorizationPolicy").decision, want, run(objs, c).reason),
    );

  test("the reason names the policy that decided, and a CUSTOM policy leaves a note", () => {
    const v = run([
      strictMesh(),
      authz("app", "nothing", {}),
      authz("app", "ext", { action: "CUSTOM", rules: [{}] }),
    ]);
    assert.equal(v.verdict, "deny");
    assert.match(v.reason, /^deny: authorizationPolicy: no ALLOW rule matches \(app\/nothing apply/);
    assert.ok(v.notes.some((n) => n.includes("app/ext is a CUSTOM policy")));
  });

  test("a namespace not labelled for injection: Istio enforces nothing (said so)", () => {
    const v = verifyCluster([ns("app"), authz("app", "nothing", {})], [req()])[0]!;
    assert.equal(v.verdict, "allow");
    assert.match(layer(v, "authorizationPolicy").reason, /no sidecar/);
  });
});

describe("properties", () => {
  const operation = fc.record(
    {
      methods: fc.array(fc.constantFrom("GET", "POST"), { maxLength: 2 }),
      paths: fc.array(fc.constantFrom("/v1/*", "/metrics", "*"), { maxLength: 2 }),
      ports: fc.array(fc.constantFrom("8000", "9090"), { maxLength: 1 }),
    },
    { requiredKeys: [] },
  );
  const source = fc.record(
    { principals: fc.array(fc.constantFrom(GATEWAY, "*", "other"), { maxLength: 2 }) },
    { requiredKeys: [] },
  );
  const rule = fc.record(
    {
      from: fc.array(fc.record({ source }), { maxLength: 1 }),
      to: fc.array(fc.record({ operation }), { maxLength: 1 }),
    },
    { requiredKeys: [] },
  );
  const policy = fc.record({
    action: fc.constantFrom("ALLOW", "DENY"),
    rules: fc.array(rule, { maxLength: 2 }),
  });
  const request = fc.record({
    sidecar: fc.boolean(),
    method: fc.constantFrom("GET", "POST"),
    path: fc.constantFrom("/v1/x", "/metrics"),
    port: fc.constantFrom(8000, 9090),
  });
  const toCase = (r: { sidecar: boolean; method: string; path: string; port: number }) =>
    req({ sidecar: r.sidecar }, { method: r.method, path: r.path, port: r.port });

  test("adding a DENY policy never makes a denied request allowed", () => {
    fc.assert(
      fc.property(
        fc.array(policy, { maxLength: 3 }),
        fc.array(rule, { maxLength: 2 }),
        request,
        (ps, denyRules, r) => {
          const objs = ps.map((p, i) => authz("app", `p${i}`, p));
          const before = run(objs, toCase(r)).verdict;
          const after = run(
            [...objs, authz("app", "added-deny", { action: "DENY", rules: denyRules })],
            toCase(r),
          ).verdict;
          if (before === "deny") assert.equal(after, "deny");
        },
      ),
      { numRuns: 300 },
    );
  });

  test("adding an ALLOW rule to a policy never makes an allowed request denied", () => {
    fc.assert(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 3 }), rule, request, (ps, extra, r) => {
        const objs = ps.map((p, i) => authz("app", `p${i}`, p));
        const before = run(objs, toCase(r)).verdict;
        const widened = ps.map((p, i) =>
          authz("app", `p${i}`, p.action === "ALLOW" && i === 0 ? { ...p, rules: [...p.rules, extra] } : p),
        );
        if (before === "allow") assert.equal(run(widened, toCase(r)).verdict, "allow");
      }),
      { numRuns: 300 },
    );
  });
});
