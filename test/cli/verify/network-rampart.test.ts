import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import type { StackExport } from "../../../cli/export";
import {
  parseFlowCases,
  rampartFlows,
  renderTierMatrix,
  tierMatrix,
  verifyFlows,
  type ExportResource,
} from "../../../cli/verify/network";
import { hasEdge } from "../../../cli/verify/network/edgeFlows";
import { rampart } from "../../helpers/cli";
import { tempDir } from "../../helpers/cli";

const tmp = tempDir("rampart-net-");

const planned = new Map<string, ExportResource[]>();
/** `rampart plan --export-out` for a stack, once per stack (each plan takes seconds). */
function planExport(stack: string): ExportResource[] {
  const done = planned.get(stack);
  if (done) return done;
  const file = path.join(tmp, `${stack}.json`);
  const run = rampart(["plan", "--stack", stack, "--export-out", file]);
  // plan exits 1 when its policy check or its verify fails (these tests judge the cases themselves);
  // the export is written before either runs. 2 would be bad input.
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const resources: ExportResource[] = (JSON.parse(fs.readFileSync(file, "utf8")) as StackExport).deployment
    .resources;
  planned.set(stack, resources);
  return resources;
}

for (const stack of ["dev", "prod"]) {
  describe(`rampartFlows on the ${stack} plan export`, () => {
    const resources = planExport(stack);
    const cases = rampartFlows(resources);

    test("are valid flow data (they round-trip through parseFlowCases) and every required flow cites its source", () => {
      assert.deepEqual(parseFlowCases(JSON.parse(JSON.stringify(cases))), cases);
      for (const c of cases.filter((x) => x.expect === "allow"))
        assert.match(c.cite ?? "", /^https:\/\/|^issue #1[12]\b/, c.id);
      const ids = cases.map((c) => c.id);
      for (const id of [
        "management-nodes-to-api",
        "api-to-inference-kubelet",
        "inference-nodes-to-ecr.dkr-endpoint",
        "inference-nodes-to-s3-gateway",
        "inference-nodes-to-coredns-udp",
        "inference-to-data-6379",
        "data-to-internet",
        "ingress-to-data-443",
        "internet-to-inference-nodes-ssh",
      ])
        assert.ok(ids.includes(id), `${id} missing from ${ids.join(", ")}`);
      assert.ok(ids.some((id) => /^operator-.*-to-api$/.test(id)));
      // Issue #12's edge, once the stack deploys it (test/cli/verify/network-edge.test.ts decides these).
      if (hasEdge(resources))
        for (const id of [
          "lb-to-gateway-30443",
          "lb-to-gateway-30021",
          "gateway-to-model-8000",
          "ingress-to-inference-8000",
        ])
          assert.ok(ids.includes(id), `${id} missing from ${ids.join(", ")}`);
    });

    test("verify every case well under a second", () => {
      const t0 = performance.now();
      verifyFlows(resources, cases);
      const ms = performance.now() - t0;
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    });

    test("no case is undecidable: the evaluator models everything our stacks use", () => {
      const undecidable = verifyFlows(resources, cases).filter((v) => v.verdict === "undecidable");
      assert.deepEqual(
        undecidable.map((v) => `${v.id}: ${v.reason}`),
        [],
      );
    });

    test("every required flow is allowed and every forbidden flow denied", () => {
      const failing = verifyFlows(resources, cases).filter((v) => !v.pass);
      assert.deepEqual(
        failing.map((v) => `${v.id}: expected ${v.expect}, got ${v.reason}`),
        [],
      );
    });

    test("the tier matrix has a row per tier and a column per tier plus the internet", () => {
      const m = tierMatrix(resources);
      assert.deepEqual(m.tiers, ["data", "inference", "ingress", "logging", "management"]);
      const text = renderTierMatrix(m);
      for (const tier of m.tiers) assert.match(text, new RegExp(`^${tier} +\\|`, "m"));
      assert.match(text, /\| internet$/m);
    });
  });
}

describe("the prod firewall, read from its policy", () => {
  const resources = planExport("prod");
  const inference = { kind: "nodes", subnets: { tags: { "rampart:tier": "inference" } } } as const;
  const [listed, unlisted] = verifyFlows(resources, [
    {
      id: "hf",
      from: inference,
      to: { kind: "internet", domain: "huggingface.co" },
      protocol: "tcp",
      port: 443,
      expect: "allow",
      cite: "test",
    },
    { id: "any", from: inference, to: { kind: "internet" }, protocol: "tcp", port: 443, expect: "deny" },
  ]);

  test("passes an allow-listed domain, through the firewall endpoint, the NAT gateway and the internet gateway", () => {
    assert.equal(listed!.verdict, "allow", listed!.reason);
    const hops = listed!.paths[0]!.hops;
    assert.ok(hops.some((h) => h.layer === "firewall" && /matches huggingface\.co/.test(h.rule)));
    assert.ok(hops.some((h) => h.layer === "route" && /0\.0\.0\.0\/0 -> network-nat-/.test(h.rule)));
    assert.ok(hops.some((h) => h.layer === "route" && /0\.0\.0\.0\/0 -> network-igw-id/.test(h.rule)));
  });

  test("drops any other host, and says it was the firewall", () => {
    assert.equal(unlisted!.verdict, "deny");
    assert.match(unlisted!.reason, /request firewall network-firewall .*names no allow-listed domain/);
  });
});
