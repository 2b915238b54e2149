import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { rampartClusterCases, verifyCluster } from "../../../cli/verify/cluster";
import type { ExportResource } from "../../../cli/verify/network";
import { rampart, tempDir } from "../../helpers/cli";

/**
 * On the prod plan export, which polices istiod's namespace: the model server's sidecar reaches istiod
 * on 15012, no pod reaches istiod's debug, plaintext-xDS or webhook ports, and removing the namespace's
 * egress rule to istiod is caught (the mesh would never become ready).
 */
const tmp = tempDir("rampart-cp-");
const file = path.join(tmp, "prod.json");
const run = rampart(["plan", "--stack", "prod", "--export-out", file]);
const resources = (
  JSON.parse(fs.readFileSync(file, "utf8")) as { deployment: { resources: ExportResource[] } }
).deployment.resources;
const verdicts = (rs: readonly ExportResource[]) => verifyCluster(rs, rampartClusterCases(rs));

test("the prod export's istiod cases: 15012 from the sidecar allowed, 8080, 15010 and 15017 denied", () => {
  assert.equal(run.code, 0, run.stderr);
  const istiod = verdicts(resources).filter((v) => v.id.includes("istiod"));
  assert.deepEqual(
    istiod.map((v) => [v.id, v.expect, v.pass]),
    [
      ["llm-inference-vllm-sidecar-to-istiod", "allow", true],
      ["llm-inference-vllm-to-istiod-8080", "deny", true],
      ["llm-inference-vllm-to-istiod-15010", "deny", true],
      ["llm-inference-vllm-to-istiod-15017", "deny", true],
      // Quarantine (quarantineCases.ts): labelled, the pod loses istiod; unlabelled, it keeps it.
      ["llm-inference-vllm-quarantined-to-istiod", "deny", true],
      ["llm-inference-vllm-quarantined-control-to-istiod", "allow", true],
    ],
  );
});

test("without the inference namespace's egress rule to istiod, the sidecar case fails", () => {
  const without = resources.filter(
    (r) => !(r.type.endsWith(":NetworkPolicy") && /istiod/.test(r.urn) && /ns-llm-inference/.test(r.urn)),
  );
  assert.equal(without.length, resources.length - 1, "exactly one policy removed");
  const failing = verdicts(without)
    .filter((v) => !v.pass)
    .map((v) => v.id);
  // The quarantine control (the same pod, unlabelled) depends on the same rule and fails with it.
  assert.deepEqual(failing, [
    "llm-inference-vllm-sidecar-to-istiod",
    "llm-inference-vllm-quarantined-control-to-istiod",
  ]);
});
