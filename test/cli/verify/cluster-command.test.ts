import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rampart, tempFile } from "../helpers";
import { authz, meshNamespace, strictMesh } from "./clusterFixture";

/** `rampart verify` on an export holding only mesh objects: the cluster cases decide the exit code. */
const exportOf = (resources: unknown[]) =>
  tempFile(
    "export.json",
    JSON.stringify({
      version: 3,
      deployment: { resources: resources.map((r) => ({ ...(r as object), custom: true })) },
    }),
  );
const clusterFile = (cases: unknown) => tempFile("cluster.json", JSON.stringify(cases));
const noFlowsOrAccess = () => [
  ...["--flows", tempFile("flows.json", "[]"), "--access", tempFile("access.json", "[]")],
];

describe("rampart verify: cluster cases", () => {
  test("the default cluster cases pass on the design: exit 0, counted in the summary", async () => {
    const run = await rampart(
      "verify",
      "--export",
      exportOf([strictMesh(), ...meshNamespace()]),
      ...noFlowsOrAccess(),
    );
    assert.equal(run.code, 0, run.stdout);
    assert.match(
      run.stdout,
      /\nPASS: 0 flows, 0 access cases, 0 images, 7 cluster cases, 0 RBAC cases, 0 lint problems\n$/,
    );
  });

  test("a loosened mesh fails with the case, each layer's decision and the citation; JSON carries the layers", async () => {
    const loose = [strictMesh(), ...meshNamespace(), authz("inference", "allow-all", { rules: [{}] })];
    const run = await rampart("verify", "--export", exportOf(loose), ...noFlowsOrAccess());
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAIL cluster inference-llm-gateway-without-jwt: expected deny, got allow$/m);
    assert.match(run.stdout, /^ {5}authorizationPolicy: allow: allowed by inference\/allow-all$/m);
    assert.match(
      run.stdout,
      /^ {5}cite: https:\/\/istio\.io\/latest\/docs\/tasks\/security\/authorization\/authz-jwt\/$/m,
    );
    assert.match(
      run.stdout,
      /^passing: 0 of 0 flows, 0 of 0 access cases, 0 of 0 images, 5 of 7 cluster cases, 0 of 0 RBAC cases$/m,
    );
    const json = await rampart(
      "verify",
      "--export",
      exportOf(loose),
      ...noFlowsOrAccess(),
      "--format",
      "json",
    );
    const out = JSON.parse(json.stdout);
    const c = out.cluster.find((x: { id: string }) => x.id === "inference-llm-gateway-without-jwt");
    assert.deepEqual(Object.keys(c), [
      "id",
      "description",
      "expect",
      "verdict",
      "pass",
      "reason",
      "cite",
      "layers",
      "notes",
    ]);
    assert.deepEqual(
      c.layers.map((l: { layer: string; decision: string }) => `${l.layer} ${l.decision}`),
      ["networkPolicy allow", "peerAuthentication allow", "authorizationPolicy allow"],
    );
    assert.deepEqual(out.summary.cluster, { passed: 5, failed: 2 });
  });

  test("--cluster FILE replaces the defaults; a bad field is one line, exit 2", async () => {
    const exp = exportOf([strictMesh(), ...meshNamespace()]);
    const mine = [
      {
        id: "prometheus-scrapes",
        from: { namespace: "monitoring", serviceAccount: "prometheus" },
        to: { namespace: "inference", labels: { app: "llm" }, port: 8000, path: "/metrics" },
        expect: "allow",
        cite: "https://istio.io/latest/docs/ops/integrations/prometheus/",
      },
    ];
    const run = await rampart(
      "verify",
      "--export",
      exp,
      ...noFlowsOrAccess(),
      "--cluster",
      clusterFile(mine),
      "--format",
      "json",
    );
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(
      JSON.parse(run.stdout).cluster.map((c: { id: string }) => c.id),
      ["prometheus-scrapes"],
    );
    const bad = await rampart(
      "verify",
      "--export",
      exp,
      "--cluster",
      clusterFile([{ ...mine[0], to: { ...mine[0]!.to, port: "8000" } }]),
    );
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^rampart: cluster file \S+cluster\.json: cluster\[0\]\.to\.port: "8000" is not valid; expected an integer from 1 to 65535\n$/,
    );
  });
});
