import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { MOCK_ACCOUNT_ID } from "../../../cli/runtime/mockOutputs";
import { verifyAccess } from "../../../cli/verify/iam";
import { modelServerAccess } from "../../../cli/verify/iam/modelServerAccess";
import type { ExportResource } from "../../../cli/verify/iam/types";
import { keyPolicy } from "../../../components/security/keyRing.logic";
import { kubernetesPolicies } from "../../../policy-pack/policies/kubernetes";
import { ModelServer } from "../../../components/workloads/modelServer";
import { json, plain, runComponent, type Captured } from "../../helpers/harness";
import { restrictedViolations } from "../../helpers/podSecurity";
import { validateKubernetesObjects } from "../../schemas/kubernetesSchemas";
import { violations } from "../../policies/helpers/policyHarness";
import { ACCT, BUCKET, KEY_ARN, modelServerArgs, PEM, PREFIX, REGION } from "./modelServerFixture";

/** ModelServer under Pulumi's mocks: what it registers, with which inputs, valid against the schemas. */

const C = "model-llama";

async function run(edit?: (a: any) => void): Promise<Captured> {
  return runComponent(() => {
    const kubeProvider = new k8s.Provider("cluster-k8s", { kubeconfig: "{}" });
    const args: any = { ...structuredClone(modelServerArgs()), kubeProvider };
    edit?.(args);
    new ModelServer(C, args);
  });
}

const inputs = (r: Captured, role: string) => plain<any>(r.named(`${C}-${role}`).inputs);

describe("ModelServer", () => {
  test("exactly its children, every one parented; Kubernetes objects through the cluster's provider", async () => {
    const r = await run();
    const component = r.one("rampart:workloads:ModelServer", C);
    const children = r.childrenOf(component);
    assert.deepEqual(children.map((c) => `${c.type} ${c.name}`).sort(), [
      `aws:eks/podIdentityAssociation:PodIdentityAssociation ${C}-pod-identity`,
      `aws:iam/role:Role ${C}-role`,
      `aws:iam/rolePolicy:RolePolicy ${C}-read-model`,
      `kubernetes:apps/v1:Deployment ${C}-deployment`,
      `kubernetes:core/v1:ConfigMap ${C}-signing-key`,
      `kubernetes:core/v1:Service ${C}-service`,
      `kubernetes:policy/v1:PodDisruptionBudget ${C}-pdb`,
      `kubernetes:scheduling.k8s.io/v1:PriorityClass ${C}-priority`,
    ]);
    for (const c of children.filter((c) => c.type.startsWith("kubernetes:")))
      assert.equal(r.providerOf(c)?.name, "cluster-k8s", c.name);
  });

  test("every Kubernetes object is valid against the Kubernetes schema", async () => {
    const { validated, failures } = await validateKubernetesObjects(await run());
    assert.deepEqual(failures, []);
    assert.equal(validated.length, 5);
  });

  test("the role: its contract name, Pod Identity trust for the account, the prefix-only policy, bound to the service account", async () => {
    const r = await run();
    const role = inputs(r, "role");
    assert.equal(role.name, "rampart-prod-model-llama");
    assert.deepEqual(json(role.assumeRolePolicy).Statement[0].Principal, {
      Service: "pods.eks.amazonaws.com",
    });
    assert.deepEqual(json(role.assumeRolePolicy).Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": ACCT },
    });
    const policy = json(inputs(r, "read-model").policy);
    assert.deepEqual(
      policy.Statement.map((s: any) => [s.Sid, s.Action, s.Resource]),
      [
        ["ReadModelPrefix", ["s3:GetObject"], [`arn:aws:s3:::${BUCKET}/${PREFIX}*`]],
        ["ListModelPrefix", ["s3:ListBucket"], [`arn:aws:s3:::${BUCKET}`]],
        ["DecryptThroughS3", ["kms:Decrypt"], [KEY_ARN]],
      ],
    );
    const assoc = inputs(r, "pod-identity");
    assert.equal(assoc.namespace, "llm-inference");
    assert.equal(assoc.serviceAccount, "vllm");
    assert.equal(assoc.clusterName, "rampart-prod");
    const deployment = r.named(`${C}-deployment`);
    assert.ok(
      deployment.dependencies.includes(r.named(`${C}-pod-identity`).urn),
      "pods start after the association",
    );
  });

  test("the Deployment's pod passes Pod Security restricted and every Kubernetes resource policy of our pack (on every object)", async () => {
    const r = await run();
    const d = r.named(`${C}-deployment`);
    const obj = plain<any>(d.inputs);
    assert.deepEqual(restrictedViolations(obj.spec.template.spec), []);
    for (const policy of kubernetesPolicies.filter((p) => "validateResource" in p))
      for (const o of r.kubernetesObjects())
        assert.deepEqual(
          await violations(policy, o.type, plain<any>(o.inputs)),
          [],
          `${policy.name} on ${o.name}`,
        );
  });

  test("init steps get the bucket name from the model store's output; the key ConfigMap holds the PEM, immutable", async () => {
    const r = await run();
    const spec = inputs(r, "deployment").spec.template.spec;
    const env = spec.initContainers.flatMap((c: any) => c.env).map((e: any) => e.value);
    assert.ok(env.includes(BUCKET));
    const cm = inputs(r, "signing-key");
    assert.deepEqual(cm.data, { "cosign.pub": PEM });
    assert.equal(cm.immutable, true);
  });

  test("Service, PodDisruptionBudget and PriorityClass", async () => {
    const r = await run((a) => (a.port = 8080));
    assert.deepEqual(inputs(r, "service").spec.ports, [
      { name: "http", port: 8080, targetPort: "http", protocol: "TCP", appProtocol: "http" },
    ]);
    assert.deepEqual(inputs(r, "service").spec.selector, { app: "llama" });
    assert.equal(inputs(r, "pdb").spec.maxUnavailable, 1);
    const pc = inputs(r, "priority");
    assert.equal(pc.metadata.name, "rampart-llm-inference-llama");
    assert.equal(pc.value, 100000);
    assert.equal(pc.preemptionPolicy, "Never");
  });

  test("bad args throw once, before any child, with every problem", async () => {
    await assert.rejects(
      run((a) => {
        a.resources.gpus = 0;
        a.extraArgs = ["--trust-remote-code"];
      }),
      (err: Error) =>
        /ModelServer model-llama: invalid arguments \(2 problems\)/.test(err.message) &&
        /resources\.gpus: 0/.test(err.message) &&
        /extraArgs\[0\]: "--trust-remote-code"/.test(err.message),
    );
  });
});

describe("rampart verify on the export: the role reads its prefix only (models key with the KeyRing's policy)", () => {
  async function exported(): Promise<ExportResource[]> {
    const r = await runComponent(() => {
      const ctx = {
        partition: "aws",
        accountId: MOCK_ACCOUNT_ID,
        region: REGION,
        logGroupPrefixes: ["/rampart/prod/"],
        grantAutoScalingServiceLinkedRole: false,
        namePrefix: "rampart-prod",
      };
      const key = new aws.kms.Key("models-key", {
        policy: JSON.stringify(keyPolicy("models", ctx)),
        tags: { "rampart:data-class": "models" },
      });
      const bucket = new aws.s3.BucketV2("model-store", { bucketPrefix: "rampart-prod-models-" });
      const args: any = { ...structuredClone(modelServerArgs()) };
      args.model = { ...args.model, bucketName: bucket.bucket, bucketArn: bucket.arn, modelsKeyArn: key.arn };
      new ModelServer(C, { ...args, kubeProvider: new k8s.Provider("cluster-k8s", { kubeconfig: "{}" }) });
    });
    return toStackExport(r.resources, { project: PROJECT, stack: "prod", config: {} }).deployment.resources;
  }

  test("every case holds", async () => {
    const resources = await exported();
    const cases = modelServerAccess(resources);
    assert.equal(cases.length, 10);
    assert.deepEqual(
      verifyAccess(resources, cases)
        .filter((v) => !v.pass)
        .map((v) => `${v.id}: ${v.verdict} (${v.reason})`),
      [],
    );
  });

  test("the cases fail when the role's policy reads the whole bucket", async () => {
    const loosened = (await exported()).map((x) => {
      if (x.type !== "aws:iam/rolePolicy:RolePolicy") return x;
      const doc = JSON.parse(String(x.inputs.policy));
      doc.Statement[0].Resource = [String(doc.Statement[0].Resource[0]).replace(PREFIX, "")];
      const policy = JSON.stringify(doc);
      return { ...x, inputs: { ...x.inputs, policy }, outputs: { ...x.outputs, policy } };
    });
    // The derived prefix is now the whole bucket: reading "other-model/" is allowed, which the case denies.
    const failing = verifyAccess(loosened, modelServerAccess(loosened)).filter((v) => !v.pass);
    assert.ok(
      failing.some((v) => v.id.endsWith("/other-prefix")),
      JSON.stringify(failing.map((v) => v.id)),
    );
  });
});
