import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createRbac } from "../../../components/identity/accessControl.rbac";
import { plain, runComponent, type Captured } from "../../helpers/harness";
import { validateKubernetesObjects } from "../../schemas/kubernetesSchemas";
import { builtinRoles } from "./roleFixture";

const G = "rbac.authorization.k8s.io";

async function run(allowExec: boolean): Promise<Captured> {
  return runComponent(() => {
    const kubeProvider = new k8s.Provider("cluster-k8s", { kubeconfig: "{}" });
    const scope = new pulumi.ComponentResource("rampart:identity:AccessControl", "access");
    const ns = new k8s.core.v1.Namespace(
      "ns",
      { metadata: { name: "inference" } },
      { provider: kubeProvider },
    );
    createRbac(scope, "access", {
      roles: builtinRoles(["inference"]),
      allowExec,
      kubeProvider,
      dependsOn: [ns],
    });
  });
}

describe("createRbac", () => {
  test("one object per manifest, children of the scope, on the cluster's provider", async () => {
    const r = await run(false);
    const scope = r.one("rampart:identity:AccessControl");
    const children = r.childrenOf(scope);
    assert.deepEqual(children.map((c) => `${c.type} ${c.name}`).sort(), [
      `kubernetes:${G}/v1:ClusterRole access-cr-audit-view-audit-read`,
      `kubernetes:${G}/v1:ClusterRoleBinding access-crb-audit-view-audit-read`,
      `kubernetes:${G}/v1:Role access-role-inference-inference-only-inference-read`,
      `kubernetes:${G}/v1:Role access-role-inference-model-management-inference-read`,
      `kubernetes:${G}/v1:Role access-role-inference-model-management-models-deploy`,
      `kubernetes:${G}/v1:RoleBinding access-rb-inference-inference-only-inference-read`,
      `kubernetes:${G}/v1:RoleBinding access-rb-inference-model-management-inference-read`,
      `kubernetes:${G}/v1:RoleBinding access-rb-inference-model-management-models-deploy`,
    ]);
    for (const c of children) assert.equal(r.providerOf(c)?.name, "cluster-k8s", c.name);
  });

  test("Roles wait for the namespace and each binding for its role", async () => {
    const r = await run(false);
    const ns = r.named("ns").urn;
    for (const role of r.ofType(`kubernetes:${G}/v1:Role`))
      assert.ok(role.dependencies.includes(ns), role.name);
    const binding = r.named("access-rb-inference-model-management-models-deploy");
    assert.ok(
      binding.dependencies.includes(r.named("access-role-inference-model-management-models-deploy").urn),
    );
    const crb = r.named("access-crb-audit-view-audit-read");
    assert.ok(crb.dependencies.includes(r.named("access-cr-audit-view-audit-read").urn));
  });

  test("the objects are valid against the Kubernetes schemas", async () => {
    const r = await run(true);
    const { validated, failures } = await validateKubernetesObjects(r);
    assert.deepEqual(failures, []);
    assert.equal(validated.filter((v) => v.includes(G)).length, 8);
  });

  test("inputs carry the manifest: the group subject, the role's rules, exec only with allowExec", async () => {
    const execOf = async (allowExec: boolean) => {
      const r = await run(allowExec);
      const role = plain<any>(r.named("access-role-inference-model-management-models-deploy").inputs);
      assert.equal(role.metadata.name, "rampart:model-management:models.deploy");
      assert.equal(role.metadata.namespace, "inference");
      const binding = plain<any>(r.named("access-rb-inference-model-management-models-deploy").inputs);
      assert.deepEqual(binding.subjects, [{ kind: "Group", apiGroup: G, name: "rampart:model-management" }]);
      assert.deepEqual(binding.roleRef, {
        apiGroup: G,
        kind: "Role",
        name: "rampart:model-management:models.deploy",
      });
      return (role.rules as any[]).flatMap((x) => x.resources).filter((x: string) => x === "pods/exec");
    };
    assert.deepEqual(await execOf(false), []);
    assert.deepEqual(await execOf(true), ["pods/exec"]);
  });
});
