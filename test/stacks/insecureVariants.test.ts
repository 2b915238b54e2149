import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { check } from "../../cli/check";
import { parseExport } from "../../cli/check/exportDoc";
import { toStackExport } from "../../cli/export";
import { PROGRAM, PROJECT, PROJECT_ROOT } from "../../cli/plan";
import { runProgram } from "../../cli/runtime/mockRun";
import { flattenConfig, stackConfig } from "../helpers/harness";
import { compliantPodSpec } from "../policies/k8s-workloads/workloadFixtures";

/**
 * The gate blocks insecure variants of our own stack, however they are written: a transformation that
 * loosens a resource our components create, or a resource hand-written next to them. Runs the whole prod
 * program under mocks, then the real policy pack process over the Analyzer protocol with prod's pack
 * config, and asserts the exact set of mandatory findings: each variant is caught, nothing else is.
 */

type Transformation = pulumi.ResourceTransformation;

/** Loosens one resource of a type (the first one met whose name matches), as a user's transformation would. */
function loosen(type: string, name: RegExp, edit: (props: Record<string, any>) => void): Transformation {
  let done = false;
  return (args) => {
    if (done || args.type !== type || !name.test(args.name)) return undefined;
    done = true;
    const props = { ...args.props } as Record<string, any>;
    edit(props);
    return { props, opts: args.opts };
  };
}

async function planAndCheck(extra: () => void, transformations: Transformation[]) {
  const flat = flattenConfig(stackConfig("prod"));
  const run = await runProgram(
    () => {
      for (const t of transformations) pulumi.runtime.registerStackTransformation(t);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(PROGRAM);
      extra();
      return {};
    },
    { project: PROJECT, stack: "prod", config: flat },
  );
  assert.equal(run.error, undefined);
  const doc = toStackExport(run.resources, { project: PROJECT, stack: "prod", config: flat });
  const report = await check({
    export: parseExport(doc, "prod (mock run)"),
    policyConfigFile: path.join(PROJECT_ROOT, "policy-pack/config/prod.json"),
  });
  return report.findings
    .filter((f) => f.enforcementLevel === "mandatory")
    .map((f) => `${f.policy} ${f.urn.split("::").pop()!}`)
    .sort();
}

describe("insecure variants of the prod stack are blocked by the pack (real analyzer path)", () => {
  test("each loosening is caught, and nothing else is flagged", async () => {
    const findings = await planAndCheck(() => {
      // Hand-written next to our components: an unencrypted volume and an SSH-to-the-world group.
      new aws.ebs.Volume("scratch", { availabilityZone: "us-east-1a", size: 100 });
      new aws.ec2.SecurityGroup("debug", {
        ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
      });
      // A workload that is compliant but for one privileged init container, and a namespace-wide
      // PeerAuthentication that lets plaintext in, both beside our inference namespace.
      const spec = compliantPodSpec();
      spec.initContainers[0].securityContext.privileged = true;
      new k8s.apps.v1.Deployment("rogue", {
        metadata: { name: "rogue", namespace: "llm-inference" },
        spec: {
          selector: { matchLabels: { app: "rogue" } },
          template: { metadata: { labels: { app: "rogue" } }, spec: spec as k8s.types.input.core.v1.PodSpec },
        },
      });
      new k8s.apiextensions.CustomResource("permissive", {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace: "llm-inference" },
        spec: { mtls: { mode: "PERMISSIVE" } },
      });
      // Identity's loosened forms, hand-written beside the role map: an administrator role that any IAM
      // principal of the account takes without MFA, for twelve hours, and cluster-admin bound to every
      // authenticated identity (on EKS, any IAM principal with an access entry).
      new aws.iam.Role("ops-admin", {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::123456789012:root" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
        managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        maxSessionDuration: 43200,
      });
      new k8s.rbac.v1.ClusterRoleBinding("everyone-admin", {
        metadata: { name: "everyone-admin" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:authenticated" }],
      });
    }, [
      // Our cluster's endpoint opened to the world.
      loosen("aws:eks/cluster:Cluster", /^cluster-cluster$/, (p) => {
        p.vpcConfig = { ...p.vpcConfig, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] };
      }),
      // A GPU node template with an unencrypted root volume and IMDSv1 allowed.
      loosen("aws:ec2/launchTemplate:LaunchTemplate", /^gpu-inference/, (p) => {
        p.blockDeviceMappings = pulumi
          .output(p.blockDeviceMappings)
          .apply((bdms: any[]) =>
            bdms.map((b) => ({ ...b, ebs: { ...b.ebs, encrypted: "false", kmsKeyId: undefined } })),
          );
        p.metadataOptions = pulumi
          .output(p.metadataOptions)
          .apply((m: any) => ({ ...m, httpTokens: "optional" }));
      }),
      // One of our tier security group rules widened to RDP from anywhere.
      loosen("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", /^network-/, (p) => {
        Object.assign(p, { cidrIpv4: "0.0.0.0/0", fromPort: 3389, toPort: 3389, ipProtocol: "tcp" });
        delete p.referencedSecurityGroupId;
        delete p.prefixListId;
      }),
    ]);
    const rule = findings.find((f) =>
      f.startsWith("aws-ec2-securitygroup-disallow-public-admin-ports network-"),
    );
    assert.ok(rule, `the widened tier rule is caught: ${findings.join("; ")}`);
    assert.deepEqual(
      findings,
      [
        "aws-ebs-volume-require-encryption scratch",
        "aws-ec2-launchtemplate-require-ebs-encryption gpu-inference-launch-template",
        "aws-ec2-launchtemplate-require-imdsv2 gpu-inference-launch-template",
        "aws-ec2-securitygroup-disallow-public-admin-ports debug",
        rule,
        "aws-eks-cluster-disallow-public-endpoint cluster-cluster",
        "kubernetes-workload-disallow-privileged rogue",
        // The rogue pod's images (container and init container) are neither ours nor by digest, in a
        // namespace image admission covers.
        ...Array(2).fill("kubernetes-workload-require-inference-image-from-registry rogue"),
        // A namespace-level PERMISSIVE policy weakens the namespace even under a STRICT mesh-wide one.
        "istio-peerauthentication-require-strict-mtls permissive",
        "aws-iam-role-require-mfa-for-admin ops-admin",
        "aws-iam-role-limit-session-duration ops-admin",
        // AdministratorAccess on a role with no permissions boundary (CIS AWS 1.16, #16).
        "aws-iam-policyattachment-disallow-administrator-access ops-admin",
        "kubernetes-rbac-binding-disallow-public-subjects everyone-admin",
        "kubernetes-rbac-binding-disallow-cluster-admin everyone-admin",
      ].sort(),
    );
  });
});
