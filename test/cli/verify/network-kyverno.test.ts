import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import type { StackExport } from "../../../cli/export";
import { rampartFlows, verifyFlows, type ExportResource } from "../../../cli/verify/network";
import { kyvernoWebhookPorts } from "../../../cli/verify/network/rampartFlows";
import { KYVERNO_CHART } from "../../../components/supplychain/supplyChain.admission.logic";
import { rampart, tempDir } from "../../helpers/cli";

const tmp = tempDir("rampart-kyverno-");

/** The dev plan's export (the webhook flows depend only on the VPC, which the stack builds). */
function devExport(): ExportResource[] {
  const file = path.join(tmp, "dev.json");
  const run = rampart(["plan", "--stack", "dev", "--export-out", file]);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return (JSON.parse(fs.readFileSync(file, "utf8")) as StackExport).deployment.resources;
}

const release = (values: Record<string, unknown>, chart: string = KYVERNO_CHART.chart): ExportResource => ({
  urn: "urn:pulumi:dev::rampart::rampart:supplychain:SupplyChain$kubernetes:helm.sh/v3:Release::sc-kyverno",
  type: "kubernetes:helm.sh/v3:Release",
  inputs: { chart, repositoryOpts: { repo: `${KYVERNO_CHART.repo}/` }, namespace: "kyverno", values },
});

describe("the Kyverno webhook flow", () => {
  const base = devExport().filter((r) => !kyvernoWebhookPorts([r]).length);

  test("no Kyverno release, no Kyverno flow", () => {
    const ids = rampartFlows(base).map((c) => c.id);
    assert.ok(ids.includes("api-to-webhook-15017"));
    assert.ok(!ids.includes("api-to-webhook-9443"));
  });

  test("a Kyverno release adds the API server -> system nodes on 9443, and the VPC admits it", () => {
    const resources = [...base, release({})];
    const cases = rampartFlows(resources).filter((c) => c.id.startsWith("api-to-webhook-"));
    const kyverno = cases.find((c) => c.id === "api-to-webhook-9443");
    assert.ok(kyverno, cases.map((c) => c.id).join(", "));
    assert.equal(kyverno.expect, "allow");
    assert.match(kyverno.cite ?? "", /kyverno\.io/);
    assert.match(kyverno.description ?? "", /Kyverno/);
    for (const v of verifyFlows(resources, cases)) assert.equal(v.pass, true, `${v.id}: ${v.reason}`);
  });

  test("the port the release's values set", () => {
    assert.deepEqual(
      kyvernoWebhookPorts([release({ admissionController: { webhookServer: { port: 10250 } } })]),
      [10250],
    );
    assert.deepEqual(kyvernoWebhookPorts([release({}, "other")]), []);
  });
});
