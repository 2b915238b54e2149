import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InferenceNamespace } from "../../../components/workloads/inferenceNamespace";
import { plain, runComponent, type Captured } from "../../helpers/harness";
import { validateKubernetesObjects } from "../../schemas/kubernetesSchemas";
import { meshArgs } from "./meshFixture";

/** InferenceNamespace with `mesh`, under Pulumi's mocks: what it registers, in what order, and schemas. */

const COMPONENT = "ns-llm";

async function run(edit?: (a: any) => void): Promise<Captured> {
  return runComponent(() => {
    const kubeProvider = new k8s.Provider("cluster-k8s", { kubeconfig: "{}" });
    const args: any = {
      kubeProvider,
      namespace: "llm-inference",
      quota: { cpu: "16", memory: "64Gi", gpus: 2, pods: 20 },
      serviceAccounts: ["vllm"],
      outsideHttps: { vpcCidrs: ["10.40.0.0/16"] },
      labels: { team: "ml" },
      mesh: meshArgs(),
    };
    edit?.(args);
    new InferenceNamespace(COMPONENT, args);
  });
}

const mesh = (r: Captured) =>
  r.registered.filter((c) => /^kubernetes:(security|networking)\.istio\.io\//.test(c.type));

describe("InferenceNamespace with mesh", () => {
  test("sidecar injection on the namespace; the Pod Security labels still say restricted", async () => {
    const labels = plain<any>((await run()).named(`${COMPONENT}-namespace`).inputs).metadata.labels;
    assert.equal(labels["istio-injection"], "enabled");
    assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
    assert.equal(labels.team, "ml");
  });

  test("every mesh object as a custom resource of its Istio kind, through the cluster's provider", async () => {
    const r = await run();
    const objects = mesh(r);
    assert.deepEqual(objects.map((o) => `${o.type} ${o.name}`).sort(), [
      `kubernetes:networking.istio.io/v1:DestinationRule ${COMPONENT}-destinationrule-dependency-vectors`,
      `kubernetes:networking.istio.io/v1:DestinationRule ${COMPONENT}-destinationrule-dependency-vendor`,
      `kubernetes:networking.istio.io/v1:DestinationRule ${COMPONENT}-destinationrule-endpoint-embed`,
      `kubernetes:networking.istio.io/v1:DestinationRule ${COMPONENT}-destinationrule-endpoint-vllm`,
      `kubernetes:networking.istio.io/v1:ServiceEntry ${COMPONENT}-serviceentry-dependency-vendor`,
      `kubernetes:networking.istio.io/v1:VirtualService ${COMPONENT}-virtualservice-route-embed`,
      `kubernetes:networking.istio.io/v1:VirtualService ${COMPONENT}-virtualservice-route-vllm`,
      `kubernetes:networking.istio.io/v1alpha3:EnvoyFilter ${COMPONENT}-envoyfilter-ratelimit-embed`,
      `kubernetes:networking.istio.io/v1alpha3:EnvoyFilter ${COMPONENT}-envoyfilter-ratelimit-vllm`,
      `kubernetes:security.istio.io/v1:AuthorizationPolicy ${COMPONENT}-authorizationpolicy-allow-gateway-embed`,
      `kubernetes:security.istio.io/v1:AuthorizationPolicy ${COMPONENT}-authorizationpolicy-allow-gateway-vllm`,
      `kubernetes:security.istio.io/v1:AuthorizationPolicy ${COMPONENT}-authorizationpolicy-allow-nothing`,
      `kubernetes:security.istio.io/v1:AuthorizationPolicy ${COMPONENT}-authorizationpolicy-allow-scrape-embed`,
      `kubernetes:security.istio.io/v1:AuthorizationPolicy ${COMPONENT}-authorizationpolicy-allow-scrape-vllm`,
      `kubernetes:security.istio.io/v1:PeerAuthentication ${COMPONENT}-peerauthentication-default`,
      `kubernetes:security.istio.io/v1:RequestAuthentication ${COMPONENT}-requestauthentication-jwt-embed`,
      `kubernetes:security.istio.io/v1:RequestAuthentication ${COMPONENT}-requestauthentication-jwt-vllm`,
    ]);
    const component = r.one("rampart:workloads:InferenceNamespace", COMPONENT);
    for (const o of objects) {
      assert.equal(o.parent, component.urn, `${o.name} is a child of the component`);
      assert.equal(r.providerOf(o)?.name, "cluster-k8s");
    }
  });

  test("no allow, route or filter exists before STRICT mTLS and allow-nothing", async () => {
    const r = await run();
    const ns = r.named(`${COMPONENT}-namespace`).urn;
    const peer = r.named(`${COMPONENT}-peerauthentication-default`);
    const deny = r.named(`${COMPONENT}-authorizationpolicy-allow-nothing`);
    assert.deepEqual(plain<any>(deny.inputs).spec, {});
    for (const guard of [peer, deny]) assert.ok(guard.dependencies.includes(ns));
    for (const o of mesh(r).filter((c) => c !== peer && c !== deny)) {
      for (const urn of [ns, peer.urn, deny.urn])
        assert.ok(o.dependencies.includes(urn), `${o.name} waits for ${urn.split("::").pop()}`);
    }
  });

  test("NetworkPolicies: no namespace-wide ingress; gateway, scrape and istiod flows instead", async () => {
    const r = await run();
    const names = r
      .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
      .map((p) => p.name.slice(COMPONENT.length + 1))
      .sort();
    assert.deepEqual(names, [
      "allow-dns",
      "allow-egress-dependency-vectors",
      "allow-egress-istiod",
      "allow-egress-outside-vpc-https",
      "allow-gateway-to-embed",
      "allow-gateway-to-vllm",
      "allow-scrape-embed",
      "allow-scrape-vllm",
      "default-deny-all",
      "quarantine",
    ]);
  });

  test("every emitted object validates against its published schema (Istio CRDs included)", async () => {
    const r = await run();
    const { validated, failures } = await validateKubernetesObjects(r);
    assert.deepEqual(failures, []);
    assert.equal(validated.length, r.kubernetesObjects().length);
    // Not vacuous: the 17 Istio objects and the namespace's own.
    assert.equal(validated.filter((v) => v.includes("istio.io")).length, 17);
  });

  test("the schema check is not blind to Istio objects: a bad mode in ours is refused", async () => {
    const r = await run();
    const peer = r.named(`${COMPONENT}-peerauthentication-default`);
    const broken = { ...peer, inputs: { ...plain<any>(peer.inputs), spec: { mtls: { mode: "SOMETIMES" } } } };
    const { failures } = await validateKubernetesObjects({ kubernetesObjects: () => [broken] } as never);
    assert.equal(failures.length, 1);
  });

  test("bad mesh arguments throw once, before anything is registered", async () => {
    let error: unknown;
    const r = await runComponent(() => {
      try {
        new InferenceNamespace("ns-bad", {
          kubeProvider: undefined as never,
          namespace: "llm-inference",
          quota: { cpu: "16", memory: "64Gi", gpus: 2, pods: 20 },
          mesh: { ...meshArgs(), meshVersion: "1.30", endpoints: [] },
        });
      } catch (err) {
        error = err;
      }
    });
    assert.ok(pulumi.RunError.isInstance(error));
    assert.match(error.message, /mesh\.meshVersion: "1\.30" is not a pinned Istio version/);
    assert.match(error.message, /mesh\.endpoints: \[\] is empty/);
    assert.match(error.message, /mesh\.dependencies\[1\]\.external: true needs egress outside the VPC/);
    assert.deepEqual(r.registered, []);
  });
});
