import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { validateInferenceNamespaceArgs } from "../../../components/workloads/inferenceNamespace.logic";
import { formatProblem } from "../../../components/shared/problems";
import { meshArgs } from "./meshFixture";

/** Bad `mesh` arguments: one problem per bad field, addressed under `mesh`, naming what was expected. */

const valid = () => ({
  namespace: "llm-inference",
  quota: { cpu: "16", memory: "64Gi", gpus: 2, pods: 20 },
  outsideHttps: { vpcCidrs: ["10.40.0.0/16"] } as { vpcCidrs: string[] } | undefined,
  labels: {} as Record<string, string>,
  meshIngressNamespace: undefined as string | undefined,
  mesh: meshArgs() as any,
});

const problems = (a: ReturnType<typeof valid>) =>
  validateInferenceNamespaceArgs(a).map((p) => formatProblem(p));

describe("validateInferenceNamespaceArgs with mesh", () => {
  test("the fixture (two endpoints, JWT, both dependency kinds) has no problem", () =>
    assert.deepEqual(problems(valid()), []));

  const cases: [string, (a: ReturnType<typeof valid>) => void, string][] = [
    [
      "an unpinned mesh version",
      (a) => (a.mesh.meshVersion = "1.30"),
      'mesh.meshVersion: "1.30" is not a pinned Istio version (expected "X.Y.Z", e.g. "1.30.5")',
    ],
    [
      "a gateway reference without a namespace",
      (a) => (a.mesh.gateway.gatewayRef = "public"),
      'mesh.gateway.gatewayRef: "public" is not an Istio Gateway reference (expected "<namespace>/<name>")',
    ],
    [
      "a scraper with the gateway's identity",
      (a) => (a.mesh.scraper = { namespace: "istio-ingress", serviceAccount: "istio-ingressgateway" }),
      'mesh.scraper: {"namespace":"istio-ingress","serviceAccount":"istio-ingressgateway"} is the gateway\'s identity (the scraper must have its own service account)',
    ],
    [
      "istiod in the inference namespace",
      (a) => (a.mesh.controlPlaneNamespace = "llm-inference"),
      'mesh.controlPlaneNamespace: "llm-inference" is the inference namespace itself (the mesh runs in namespaces of its own)',
    ],
    [
      "a plain-http issuer",
      (a) => (a.mesh.jwt.issuer = "http://login.example.com/"),
      'mesh.jwt.issuer: "http://login.example.com/" is not an https URL (expected e.g. "https://login.example.com/")',
    ],
    [
      "no audience",
      (a) => (a.mesh.jwt.audiences = []),
      "mesh.jwt.audiences: [] is empty (expected the audiences the inference API accepts)",
    ],
    [
      "no endpoint",
      (a) => (a.mesh.endpoints = []),
      "mesh.endpoints: [] is empty (expected at least one inference endpoint)",
    ],
    [
      "an endpoint on a sidecar port",
      (a) => (a.mesh.endpoints[1].port = 15006),
      "mesh.endpoints[1].port: 15006 is in 15000-15090, which Istio's sidecar uses (choose another port)",
    ],
    [
      "a metrics port out of range",
      (a) => (a.mesh.endpoints[1].metricsPort = 70000),
      "mesh.endpoints[1].metricsPort: 70000 is not a TCP port (expected a whole number from 1 to 65535)",
    ],
    [
      "a duplicate endpoint",
      (a) => (a.mesh.endpoints[1].name = "vllm"),
      'mesh.endpoints[1].name: "vllm" is listed twice (expected each endpoint once)',
    ],
    [
      "an endpoint without hosts",
      (a) => (a.mesh.endpoints[0].hosts = []),
      "mesh.endpoints[0].hosts: [] is empty (expected the public host names routed to it)",
    ],
    [
      "a host that is not a name",
      (a) => (a.mesh.endpoints[0].hosts = ["https://api.example.com"]),
      'mesh.endpoints[0].hosts[0]: "https://api.example.com" is not a host name (expected e.g. "api.example.com")',
    ],
    [
      "two endpoints on the same host and prefix",
      (a) => (a.mesh.endpoints[1].pathPrefix = "/v1/"),
      'mesh.endpoints[1].hosts[0]: "api.example.com" is routed with the same pathPrefix by endpoints[0] (expected each host and prefix once)',
    ],
    [
      "a prefix that is not a path",
      (a) => (a.mesh.endpoints[0].pathPrefix = "v1*"),
      'mesh.endpoints[0].pathPrefix: "v1*" is not a path prefix (expected "/" and segments each ending in "/", e.g. "/v1/")',
    ],
    [
      "a prefix that exposes /metrics on the API port",
      (a) => (a.mesh.endpoints[0].pathPrefix = "/"),
      'mesh.endpoints[0].pathPrefix: "/" would let the gateway read /metrics on the API port (expected a narrower prefix, or a separate metricsPort)',
    ],
    [
      "a zero timeout",
      (a) => (a.mesh.endpoints[0].timeoutSeconds = 0),
      "mesh.endpoints[0].timeoutSeconds: 0 is out of range (expected a whole number from 1 to 3600)",
    ],
    [
      "a fractional rate",
      (a) => (a.mesh.endpoints[0].requestsPerSecondPerPod = 0.5),
      "mesh.endpoints[0].requestsPerSecondPerPod: 0.5 is out of range (expected a whole number from 1 to 100000)",
    ],
    [
      "an in-cluster dependency without its port",
      (a) => delete a.mesh.dependencies[0].port,
      "mesh.dependencies[0].port: missing (expected the port its pods listen on: an in-cluster dependency needs one)",
    ],
    [
      "an in-cluster dependency that is not a Service host",
      (a) => (a.mesh.dependencies[0].host = "qdrant.vector-db"),
      'mesh.dependencies[0].host: "qdrant.vector-db" is not an in-cluster Service host (expected "<service>.<namespace>.svc.cluster.local")',
    ],
    [
      "a wildcard external dependency",
      (a) => (a.mesh.dependencies[1].host = "*.vendor.com"),
      'mesh.dependencies[1].host: "*.vendor.com" is not a public host name (expected e.g. "api.vendor.com", no wildcard)',
    ],
    [
      "an external dependency without egress outside the VPC",
      (a) => (a.outsideHttps = undefined),
      "mesh.dependencies[1].external: true needs egress outside the VPC (set outsideHttps), or pods cannot reach it",
    ],
    [
      "a second gateway namespace",
      (a) => (a.meshIngressNamespace = "edge"),
      'meshIngressNamespace: "edge" differs from mesh.gateway.namespace (istio-ingress); leave it unset with mesh',
    ],
    [
      "injection switched off by a label",
      (a) => (a.labels = { "istio-injection": "disabled" }),
      'labels.istio-injection: "disabled" conflicts with mesh (its pods need sidecars: "enabled")',
    ],
  ];
  for (const [name, edit, expected] of cases) {
    test(`refuses ${name}`, () => {
      const a = valid();
      edit(a);
      assert.deepEqual(problems(a), [expected]);
    });
  }

  test("every problem at once, each under its own path", () => {
    const a = valid();
    a.mesh.meshVersion = "latest";
    a.mesh.endpoints[0].port = 0;
    a.mesh.dependencies[1].maxConnections = -1;
    assert.deepEqual(
      validateInferenceNamespaceArgs(a).map((p) => p.path.join(".")),
      ["mesh.meshVersion", "mesh.endpoints.0.port", "mesh.dependencies.1.maxConnections"],
    );
  });
});
