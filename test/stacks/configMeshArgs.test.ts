import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceMeshArgs } from "../../components/mesh/serviceMesh.args";
import type { NamespaceMeshArgs } from "../../components/workloads/inferenceNamespace.mesh.args";
import {
  EDGE_KEYS,
  edgeArgs,
  edgeNamePrefixesOf,
  keyRingArgs,
  meshArgs,
  MESH_KEYS,
  namespaceArgs,
  namespaceMeshKey,
  networkArgs,
  parseConfig,
} from "../../stacks/config";
import { flattenConfig, stackConfig, type StackName, unwrap } from "../helpers/harness";

/**
 * The Args builders give the mesh, edge, namespace and VPC components the contract shapes, from the
 * config the stacks ship; a component's problem path maps back to the `rampart:` key the user wrote.
 */

function load(stack: StackName, edit: (c: Record<string, any>) => void = () => undefined) {
  const raw = stackConfig(stack);
  edit(raw);
  return parseConfig(flattenConfig(raw), stack);
}

describe("meshArgs", () => {
  test("prod's config gives ServiceMesh its contract's Args, images from the mirror under /istio", () => {
    const config = load("prod");
    const args: Omit<ServiceMeshArgs, "kubeProvider"> = meshArgs({
      images: config.images,
      mesh: config.mesh!,
    });
    assert.deepEqual(args, {
      version: "1.30.5",
      imageHub: "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/istio",
      ca: {
        mode: "generated",
        organization: "Rampart",
        rootValidityDays: 3650,
        intermediateValidityDays: 365,
        renewBeforeDays: 60,
      },
      mtls: "STRICT",
      outboundTrafficPolicy: "REGISTRY_ONLY",
      // Istio's proxy from this stack's registry by digest: image admission checks injected sidecars.
      proxyImage: `123456789012.dkr.ecr.us-east-1.amazonaws.com/rampart-prod/istio-proxyv2@sha256:${"0123456789abcdef".repeat(4)}`,
      proxyResources: { cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "1", memoryLimit: "512Mi" },
      jwt: {
        issuer: "https://login.example.com/",
        jwksUri: "https://login.example.com/.well-known/jwks.json",
        audiences: ["rampart-inference"],
      },
      gateway: {
        hosts: ["api.example.com"],
        replicas: 2,
        rateLimitPerUser: { requestsPerMinute: 60, burst: 20 },
        maxRequestBytes: 1048576,
      },
    });
  });

  test("without a mirror the component's default hub applies", () => {
    const config = load("dev", (c) => delete c["rampart:images"]);
    assert.equal(meshArgs({ images: config.images, mesh: config.mesh! }).imageHub, undefined);
  });

  test("a provided CA's intermediate key is read from the secret config key and stays a secret Output", async () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    const key = "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----";
    const raw = stackConfig("dev");
    raw["rampart:mesh"].ca = {
      mode: "provided",
      rootCertPem: pem,
      intermediateCertPem: pem,
      certChainPem: pem,
    };
    const flat = { ...flattenConfig(raw), "rampart:meshCaKey": key };
    pulumi.runtime.setAllConfig(flat, ["rampart:meshCaKey"]);
    const config = parseConfig(flat, "dev");
    const ca = meshArgs({ images: config.images, mesh: config.mesh! }).ca;
    assert.ok(ca?.mode === "provided");
    assert.deepEqual([ca.rootCertPem, ca.intermediateCertPem, ca.certChainPem], [pem, pem, pem]);
    assert.ok(pulumi.Output.isInstance(ca.intermediateKeyPem), "the key is an Output");
    assert.equal(await pulumi.isSecret(ca.intermediateKeyPem as pulumi.Output<string>), true);
    assert.equal(await unwrap(ca.intermediateKeyPem), key);
  });
});

describe("edgeArgs", () => {
  test("dev's config gives PublicEdge its config fields; WAF logs keep the stack's retention", () => {
    const config = load("dev");
    assert.deepEqual(edgeArgs({ ...config, edge: config.edge! }, "rampart", "dev"), {
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      waf: {
        rateLimitPerIp: 1000,
        rateLimitPerKey: 300,
        keyHeader: "authorization",
        evaluationWindowSeconds: 300,
        maxBodyBytes: 8192,
        jsonPathPrefixes: ["/v1/"],
      },
      wafLogs: { retentionDays: 30 },
      accessLogRetentionDays: 90,
      namePrefix: "rampart-dev",
      // dev does not protect its stateful resources, so the load balancer follows rampart:protect.
      deletionProtection: false,
      protect: false,
      tags: { project: "rampart", environment: "dev" },
    });
  });

  test("the logs key admits the edge's WAF log group only when there is an edge", () => {
    const prod = load("prod");
    assert.deepEqual(
      keyRingArgs(prod, "prod", "rampart-prod", edgeNamePrefixesOf(prod, "rampart", "prod")).edgeNamePrefixes,
      ["rampart-prod"],
    );
    const noEdge = load("dev", (c) => (c["rampart:edge"].enabled = false));
    assert.deepEqual(edgeNamePrefixesOf(noEdge, "rampart", "dev"), []);
    assert.deepEqual(keyRingArgs(noEdge, "dev", "rampart-dev").edgeNamePrefixes, []);
  });

  test("deletion protection follows rampart:protect unless the edge says otherwise", () => {
    const prod = load("prod");
    assert.equal(edgeArgs({ ...prod, edge: prod.edge! }, "rampart", "prod").deletionProtection, true);
    const dev = load("dev", (c) => (c["rampart:edge"].deletionProtection = true));
    assert.equal(edgeArgs({ ...dev, edge: dev.edge! }, "rampart", "dev").deletionProtection, true);
  });
});

describe("namespaceArgs and networkArgs", () => {
  test("a namespace's mesh Args are the contract's but the gateway, with the mesh's issuer and version", () => {
    const config = load("prod", (c) => {
      c["rampart:namespaces"][0].mesh.dependencies = [{ name: "hub", host: "cdn-lfs.hf.co", external: true }];
    });
    const ns = config.namespaces[0]!;
    const mesh = namespaceArgs(ns, "1.33", config.tierCidrs, ["10.50.0.0/16"], config.mesh).mesh;
    const withGateway: NamespaceMeshArgs = {
      ...mesh!,
      gateway: { namespace: "istio-ingress", serviceAccount: "gw", gatewayRef: "istio-ingress/gw" },
    };
    assert.deepEqual(mesh, {
      meshVersion: config.mesh!.version,
      jwt: config.mesh!.jwt,
      endpoints: [{ name: "vllm", port: 8000, hosts: ["api.example.com"] }],
      dependencies: [{ name: "hub", host: "cdn-lfs.hf.co", external: true }],
    });
    assert.equal(withGateway.endpoints.length, 1);
    assert.ok(!("gateway" in mesh), "the gateway identity is ServiceMesh's output, not config");
  });

  test("a namespace without mesh, or without an enabled mesh, gets none", () => {
    const prod = load("prod");
    const disabled = { ...prod.mesh!, enabled: false };
    assert.equal(namespaceArgs(prod.namespaces[0]!, "1.33", {}, [], disabled).mesh, undefined);
    const config = load("dev", (c) => {
      delete c["rampart:namespaces"][0].mesh;
      // No endpoint, so no model server behind it.
      c["rampart:models"] = [];
    });
    assert.equal(namespaceArgs(config.namespaces[0]!, "1.33", {}, []).mesh, undefined);
  });

  test("the VPC opens the gateway to the distinct endpoint ports of every namespace", () => {
    const config = load("dev", (c) => {
      const [first] = c["rampart:namespaces"];
      first.mesh.endpoints.push({
        name: "embed",
        port: 9000,
        hosts: ["api.dev.example.com"],
        pathPrefix: "/embed/",
      });
      c["rampart:namespaces"].push({
        ...first,
        name: "batch",
        mesh: { endpoints: [{ name: "vllm", hosts: ["api.dev.example.com"], pathPrefix: "/batch/" }] },
      });
    });
    // 8000 is written once and defaulted once (DEFAULT_MODEL_PORT): it is listed once.
    assert.deepEqual(networkArgs(config).meshServicePorts, [8000, 9000]);
  });

  test("no endpoint, no ports of our own: the VPC's default applies", () => {
    const config = load("dev", (c) => {
      delete c["rampart:namespaces"][0].mesh;
      // No endpoint, so no model server behind it.
      c["rampart:models"] = [];
    });
    assert.equal(networkArgs(config).meshServicePorts, undefined);
  });
});

describe("a component's problem path maps to the rampart: key the user wrote", () => {
  const cases: [string, string | readonly (string | number)[], string | readonly (string | number)[]][] = [
    ["mesh version", MESH_KEYS(["version"]), ["mesh", "version"]],
    ["mesh gateway host", MESH_KEYS(["gateway", "hosts", 1]), ["mesh", "gateway", "hosts", 1]],
    ["the mesh's image hub comes from the mirror", MESH_KEYS(["imageHub"]), ["images", "mirror"]],
    ["the CA key is the secret key", MESH_KEYS(["ca", "intermediateKeyPem"]), "rampart:meshCaKey"],
    ["edge WAF rate", EDGE_KEYS(["waf", "rateLimitPerIp"]), ["edge", "waf", "rateLimitPerIp"]],
    [
      "WAF log retention is the stack's",
      EDGE_KEYS(["wafLogs", "retentionDays"]),
      ["logging", "retentionDays"],
    ],
    [
      "WAF log key is the KeyRing's",
      EDGE_KEYS(["wafLogs", "kmsKeyArn"]),
      "PublicEdge wafLogs.kmsKeyArn (set by the stack)",
    ],
    ["edge name prefix", EDGE_KEYS(["namePrefix"]), "the Pulumi stack name"],
    ["edge tags", EDGE_KEYS(["tags", "team"]), ["tags", "team"]],
    [
      "endpoint port",
      namespaceMeshKey(2, ["mesh", "endpoints", 0, "port"]),
      ["namespaces", 2, "mesh", "endpoints", 0, "port"],
    ],
    [
      "namespace issuer is the mesh's",
      namespaceMeshKey(2, ["mesh", "jwt", "issuer"]),
      ["mesh", "jwt", "issuer"],
    ],
    [
      "the gateway identity is ServiceMesh's",
      namespaceMeshKey(0, ["mesh", "gateway", "serviceAccount"]),
      "InferenceNamespace mesh.gateway.serviceAccount (set by the stack from ServiceMesh)",
    ],
  ];
  for (const [what, got, expected] of cases) test(what, () => assert.deepEqual(got, expected));
});
