import assert from "node:assert/strict";
import { test } from "node:test";
import { json, rampart, type Run, tempFile } from "./helpers";

/**
 * `rampart check` on an export from a prod stack applies prod's policy config (every policy mandatory),
 * not the pack's defaults: a NodePort Service, advisory by default and in dev, fails a prod export.
 * The stack's name decides, as it does for the stack config (issue #17).
 */

function exportOf(stack: string): string {
  const urn = (type: string, name: string) => `urn:pulumi:${stack}::rampart::${type}::${name}`;
  return JSON.stringify({
    version: 3,
    deployment: {
      manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.248.0" },
      resources: [
        { urn: urn("pulumi:pulumi:Stack", `rampart-${stack}`), custom: false, type: "pulumi:pulumi:Stack" },
        {
          urn: urn("kubernetes:core/v1:Service", "svc"),
          custom: true,
          id: "svc-id",
          type: "kubernetes:core/v1:Service",
          inputs: {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "svc", namespace: "llm-inference" },
            spec: { type: "NodePort", ports: [{ port: 80 }] },
          },
          outputs: {},
        },
      ],
    },
  });
}

const nodePort = (run: Run) =>
  (json(run) as { violations: { policy: string; enforcementLevel: string }[] }).violations
    .filter((v) => v.policy === "kubernetes-service-disallow-node-port")
    .map((v) => v.enforcementLevel);

test("a prod stack's export is checked with prod's policy config", async () => {
  for (const stack of ["prod", "prod-eu"]) {
    const run = await rampart(
      "check",
      "--export",
      tempFile(`${stack}.json`, exportOf(stack)),
      "--format",
      "json",
    );
    assert.deepEqual(nodePort(run), ["mandatory"], stack);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(`checking stack ${stack} \\(prod\\) with policy-pack/config/prod\\.json`),
    );
  }
});

test("a stack whose name implies no environment keeps the pack's defaults; --policy-config overrides", async () => {
  const sandbox = await rampart(
    "check",
    "--export",
    tempFile("s.json", exportOf("sandbox")),
    "--format",
    "json",
  );
  assert.deepEqual(nodePort(sandbox), ["advisory"]);
  assert.equal(sandbox.code, 0, sandbox.stderr);
  assert.doesNotMatch(sandbox.stderr, /checking stack/);
  const dev = await rampart(
    "check",
    "--export",
    tempFile("p.json", exportOf("prod")),
    "--policy-config",
    "policy-pack/config/dev.json",
    "--format",
    "json",
  );
  assert.deepEqual(nodePort(dev), ["advisory"]);
  assert.equal(dev.code, 0, dev.stderr);
});
