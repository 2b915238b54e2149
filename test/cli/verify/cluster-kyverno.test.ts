import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { parseClusterCases, verifyCluster } from "../../../cli/verify/cluster";
import { kyvernoCases } from "../../../cli/verify/cluster/rampartCases";
import type { ExportResource } from "../../../cli/verify/network";
import { createAdmission } from "../../../components/supplychain/supplyChain.admission";
import { TESTED_KYVERNO_CHART } from "../../../components/supplychain/supplyChain.admission.logic";
import { flattenConfig, runComponent, stackConfig } from "../../helpers/harness";

/** SupplyChain's admission part, exported, with the management-tier subnet the API server's ENIs live in. */
async function exported(): Promise<ExportResource[]> {
  const r = await runComponent(() => {
    const parent = new pulumi.ComponentResource("rampart:supplychain:SupplyChain", "sc", {});
    createAdmission(parent, "sc", {
      kubeProvider: new k8s.Provider("cluster-k8s", { kubeconfig: "{}" }),
      chartVersion: TESTED_KYVERNO_CHART,
      namespaces: ["inference"],
      controlPlaneCidrs: ["10.0.32.0/24"],
      vpcCidrs: ["10.0.0.0/16"],
      clusterName: "rampart-dev",
      namePrefix: "rampart-dev",
      registryHost: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
      signingPublicKeyPem: "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n",
      modelsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/models",
      repositoryArns: ["arn:aws:ecr:us-east-1:123456789012:repository/rampart-dev/vllm"],
    });
  });
  const exp = toStackExport(r.resources, {
    project: PROJECT,
    stack: "dev",
    config: flattenConfig(stackConfig("dev")),
  });
  const subnet: ExportResource = {
    urn: "urn:pulumi:dev::rampart::aws:ec2/subnet:Subnet::management-a",
    type: "aws:ec2/subnet:Subnet",
    inputs: { cidrBlock: "10.0.32.0/24", tags: { "rampart:tier": "management" } },
  };
  return [...(exp.deployment.resources as ExportResource[]), subnet];
}

describe("Kyverno's cluster cases", async () => {
  const resources = await exported();
  const cases = kyvernoCases(resources);

  test("the API server may call the webhook; an inference pod may not", () => {
    assert.deepEqual(
      cases.map((c) => [c.id, c.expect, c.from.ip ?? c.from.namespace]),
      [
        ["api-server-to-kyverno-9443", "allow", "10.0.32.10"],
        ["inference-to-kyverno-9443", "deny", "inference"],
      ],
    );
    for (const v of verifyCluster(resources, cases)) assert.equal(v.pass, true, `${v.id}: ${v.reason}`);
  });

  test("an address outside the API server's CIDR is refused by the NetworkPolicies", () => {
    const [allow] = cases;
    const [v] = verifyCluster(resources, [
      { ...allow!, id: "vpc", from: { namespace: "x", ip: "10.0.40.10" }, expect: "deny" },
    ]);
    assert.equal(v!.pass, true, v!.reason);
    assert.match(v!.reason, /no rule admits tcp 9443 from that address/);
  });

  test("cases with an ip client parse from JSON", () => {
    const parsed = parseClusterCases([
      {
        id: "a",
        from: { ip: "10.0.32.10" },
        to: { namespace: "kyverno", labels: { a: "b" }, port: 9443 },
        expect: "deny",
      },
    ]);
    assert.equal(parsed[0]!.from.ip, "10.0.32.10");
    assert.throws(() =>
      parseClusterCases([
        { id: "a", from: { ip: "nope" }, to: { namespace: "k", labels: {}, port: 1 }, expect: "deny" },
      ]),
    );
  });

  test("no Kyverno release, no Kyverno cases", () => {
    assert.deepEqual(kyvernoCases(resources.filter((r) => !r.type.startsWith("kubernetes:helm.sh"))), []);
  });
});
