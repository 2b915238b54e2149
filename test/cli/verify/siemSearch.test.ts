import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { PROJECT } from "../../../cli/plan";
import { toStackExport } from "../../../cli/export";
import { siemSearchAccess } from "../../../cli/verify/iam/siemSearchAccess";
import { verifyAccess, type ExportResource } from "../../../cli/verify/iam";
import { siemFlows } from "../../../cli/verify/network/siemFlows";
import { verifyFlows } from "../../../cli/verify/network";
import { flattenConfig, runComponent, stackConfig } from "../../helpers/harness";
import { buildSearchTier } from "../../components/observability/searchFixture";

/**
 * The search tier's verify cases on an export of the real builders on a real SegmentedVpc: every
 * required flow and call is allowed, every forbidden one denied; and the cases fail when a rule that
 * makes them hold is removed or a forbidden one is added.
 */

let resources: ExportResource[] = [];
before(async () => {
  const run = await runComponent(() => buildSearchTier({ dashboardCidrs: ["10.200.0.0/16"] }));
  const doc = toStackExport(run.resources, {
    project: PROJECT,
    stack: "dev",
    config: flattenConfig(stackConfig("dev")),
  });
  resources = doc.deployment.resources;
});

const failing = (rs: readonly ExportResource[]) =>
  verifyFlows(rs, siemFlows(rs))
    .filter((v) => !v.pass)
    .map((v) => v.id);

describe("siemFlows", () => {
  test("Firehose (both streams), the bootstrap and the operators reach the domain; every tier is refused", () => {
    const cases = siemFlows(resources);
    assert.deepEqual(
      cases.map((c) => `${c.id} ${c.expect}`),
      [
        "firehose-rampart-dev-siem-shipper-to-rampart-dev-siem allow",
        "firehose-rampart-dev-siem-cloudwatch-to-rampart-dev-siem allow",
        "bootstrap-to-rampart-dev-siem allow",
        "operators-10.200.0.0/16-to-rampart-dev-siem allow",
        "ingress-to-rampart-dev-siem-denied deny",
        "inference-to-rampart-dev-siem-denied deny",
        "management-to-rampart-dev-siem-denied deny",
        "data-to-rampart-dev-siem-denied deny",
        "logging-to-rampart-dev-siem-denied deny",
      ],
    );
    const verdicts = verifyFlows(resources, cases);
    for (const v of verdicts) assert.ok(v.pass, `${v.id}: ${v.verdict} (${v.reason})`);
  });

  test("removing the domain group's rule for Firehose fails Firehose's flows", () => {
    const cut = resources.filter((r) => !r.urn.endsWith("::siem-search-sg-from-firehose"));
    assert.deepEqual(failing(cut), [
      "firehose-rampart-dev-siem-shipper-to-rampart-dev-siem",
      "firehose-rampart-dev-siem-cloudwatch-to-rampart-dev-siem",
    ]);
  });

  test("admitting the management tier's group to the domain fails its deny case", () => {
    // The tier groups' own egress names the tier groups only, so the domain's group is the second
    // control: open the management group's egress (as a user might), and the domain's group alone
    // still refuses; admit management in the domain's group too, and the case fails.
    const rule = resources.find((r) => r.urn.endsWith("::siem-search-sg-from-bootstrap"))!;
    const egress = resources.find((r) => r.urn.endsWith("::siem-search-bootstrap-sg-to-search"))!;
    const mgmt = resources.find((r) => r.urn.endsWith("::net-management-sg"))!;
    const with_ = (r: ExportResource, role: string, fields: Record<string, unknown>): ExportResource => ({
      ...r,
      urn: `${r.urn}-${role}`,
      inputs: { ...r.inputs, ...fields },
      outputs: { ...r.outputs, ...fields },
    });
    const openEgress = with_(egress, "mgmt-open", {
      securityGroupId: mgmt.id,
      referencedSecurityGroupId: undefined,
      cidrIpv4: "0.0.0.0/0",
    });
    assert.deepEqual(failing([...resources, openEgress]), []);
    const admit = with_(rule, "mgmt", { referencedSecurityGroupId: mgmt.id });
    assert.deepEqual(failing([...resources, openEgress, admit]), ["management-to-rampart-dev-siem-denied"]);
  });
});

describe("siemSearchAccess", () => {
  test("Firehose writes and backs up, the forwarder feeds its stream; other accounts and workload roles cannot write", () => {
    const cases = siemSearchAccess(resources);
    const ids = cases.map((c) => `${c.id} ${c.expect}`);
    for (const want of [
      "siem-firehose-domain/rampart-dev-siem-shipper/es:ESHttpPost allow",
      "siem-firehose-backup/rampart-dev-siem-cloudwatch allow",
      "siem-firehose-backup-key/rampart-dev-siem-shipper allow",
      "siem-forwarder-put/rampart-dev-siem-cloudwatch allow",
      "siem-forwarder-put/rampart-dev-siem-shipper deny",
      "siem-domain-foreign/rampart-dev-siem deny",
      "siem-domain-workload/rampart-dev-siem/rampart-dev-log-shipper deny",
    ])
      assert.ok(ids.includes(want), `missing ${want}`);
    // The key is not in this export: its case is decided by the stack's export (KeyRing), not here.
    const decidable = cases.filter((c) => !c.id.startsWith("siem-firehose-backup-key/"));
    for (const v of verifyAccess(resources, decidable))
      assert.ok(v.pass, `${v.id}: ${v.verdict} (${v.reason})`);
  });

  test("a domain policy open to every principal fails the other-account case", () => {
    const open = resources.map((r) =>
      r.type === "aws:opensearch/domain:Domain"
        ? {
            ...r,
            inputs: {
              ...r.inputs,
              accessPolicies: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*", Resource: "*" }],
              }),
            },
          }
        : r,
    );
    const v = verifyAccess(
      open,
      siemSearchAccess(open).filter((c) => c.id.startsWith("siem-domain-foreign/")),
    );
    assert.deepEqual(
      v.map((x) => [x.id, x.verdict]),
      [["siem-domain-foreign/rampart-dev-siem", "allow"]],
    );
  });

  test("a forwarder allowed every stream fails its deny case", () => {
    const loose = resources.map((r) =>
      r.urn.endsWith("::siem-forwarder-put")
        ? {
            ...r,
            inputs: {
              ...r.inputs,
              policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "firehose:PutRecordBatch", Resource: "*" }],
              }),
            },
          }
        : r,
    );
    const v = verifyAccess(
      loose,
      siemSearchAccess(loose).filter((c) => c.id.startsWith("siem-forwarder-put/")),
    );
    assert.deepEqual(
      v.filter((x) => !x.pass).map((x) => x.id),
      ["siem-forwarder-put/rampart-dev-siem-shipper"],
    );
  });
});
