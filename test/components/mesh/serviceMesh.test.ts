import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { mockPem } from "../../../cli/runtime/mockOutputs";
import { MESH_CA_SPEC } from "../../../components/mesh/meshCa";
import { ServiceMesh, type ServiceMeshArgs } from "../../../components/mesh/serviceMesh";
import { isSecret, plain, runComponent, unwrap, type Captured } from "../../helpers/harness";
import { validateKubernetesObjects } from "../../schemas/kubernetesSchemas";

const JWT = {
  issuer: "https://login.example.com/",
  jwksUri: "https://login.example.com/.well-known/jwks.json",
  audiences: ["rampart"],
};

type Args = Omit<ServiceMeshArgs, "kubeProvider">;
const ARGS: Args = {
  version: "1.30.3",
  gateway: { hosts: ["api.example.com", "chat.example.com"] },
  jwt: JWT,
};

async function run(args: Args = ARGS, preview = false): Promise<{ r: Captured; mesh: ServiceMesh }> {
  let mesh: ServiceMesh | undefined;
  const r = await runComponent(
    () => {
      const kubeProvider = new k8s.Provider("cluster-k8s", { kubeconfig: "{}" });
      mesh = new ServiceMesh("mesh", { ...args, kubeProvider });
    },
    { preview },
  );
  return { r, mesh: mesh! };
}

const inputs = (r: Captured, name: string) => plain<any>(r.named(name).inputs);
const dependsOn = (r: Captured, name: string, on: string) =>
  r.named(name).dependencies.includes(r.named(on).urn);

const NETWORK_POLICIES = [
  "istio-system-default-deny-all",
  "istio-system-allow-xds-from-mesh",
  "istio-system-allow-webhook-from-control-plane",
  "istio-system-allow-metrics-from-scraper",
  "istio-system-allow-egress-api-server",
  "istio-system-allow-dns",
  "istio-system-allow-egress-jwks-outside-vpc",
  "istio-system-quarantine",
  "istio-ingress-default-deny-all",
  "istio-ingress-allow-load-balancer",
  "istio-ingress-allow-metrics-from-scraper",
  "istio-ingress-allow-egress-istiod",
  "istio-ingress-allow-dns",
  "istio-ingress-allow-egress-model-servers",
  "istio-ingress-quarantine",
  "istio-cni-default-deny-all",
  "istio-cni-allow-metrics-from-scraper",
  "istio-cni-allow-egress-api-server",
  "istio-cni-quarantine",
].map((n) => `kubernetes:networking.k8s.io/v1:NetworkPolicy mesh-np-${n}`);

const EXPECTED_CHILDREN = [
  ...NETWORK_POLICIES,
  "kubernetes:core/v1:Namespace mesh-ns-istio-cni",
  "kubernetes:core/v1:Namespace mesh-ns-istio-ingress",
  "kubernetes:core/v1:Namespace mesh-ns-istio-system",
  "kubernetes:core/v1:Secret mesh-cacerts",
  "kubernetes:core/v1:Secret mesh-gateway-tls",
  "kubernetes:helm.sh/v3:Release mesh-base",
  "kubernetes:helm.sh/v3:Release mesh-cni",
  "kubernetes:helm.sh/v3:Release mesh-gateway",
  "kubernetes:helm.sh/v3:Release mesh-istiod",
  "kubernetes:networking.istio.io/v1:Gateway mesh-public-gateway",
  "kubernetes:networking.istio.io/v1alpha3:EnvoyFilter mesh-gateway-per-caller-rate-limit",
  "kubernetes:networking.istio.io/v1alpha3:EnvoyFilter mesh-gateway-request-size-limit",
  "kubernetes:security.istio.io/v1:AuthorizationPolicy mesh-gateway-require-jwt",
  "kubernetes:security.istio.io/v1:PeerAuthentication mesh-default",
  "kubernetes:security.istio.io/v1:RequestAuthentication mesh-gateway-jwt",
  "tls:index/certRequest:CertRequest mesh-gateway-csr",
  "tls:index/certRequest:CertRequest mesh-intermediate-csr",
  "tls:index/locallySignedCert:LocallySignedCert mesh-gateway-cert",
  "tls:index/locallySignedCert:LocallySignedCert mesh-intermediate-cert",
  "tls:index/privateKey:PrivateKey mesh-gateway-key",
  "tls:index/privateKey:PrivateKey mesh-intermediate-key",
  "tls:index/privateKey:PrivateKey mesh-root-key",
  "tls:index/selfSignedCert:SelfSignedCert mesh-root-cert",
];

describe("ServiceMesh", () => {
  test("exactly the expected children; every Kubernetes one through the cluster's provider", async () => {
    const { r } = await run();
    const children = r.descendantsOf(r.one("rampart:mesh:ServiceMesh", "mesh"));
    assert.deepEqual(children.map((c) => `${c.type} ${c.name}`).sort(), [...EXPECTED_CHILDREN].sort());
    for (const c of children.filter((c) => c.type.startsWith("kubernetes:")))
      assert.equal(r.providerOf(c)?.name, "cluster-k8s", c.name);
  });

  test("every emitted Kubernetes object and Istio resource validates against its published schema", async () => {
    const { r } = await run();
    const { validated, failures } = await validateKubernetesObjects(r);
    assert.deepEqual(failures, []);
    assert.equal(validated.length, 11 + NETWORK_POLICIES.length, validated.join(", "));
  });

  test("charts: official repo, pinned version, failures visible (atomic, awaited, timeout)", async () => {
    const { r } = await run();
    const expected = {
      "mesh-base": ["istio-base", "base", "istio-system"],
      "mesh-cni": ["istio-cni", "cni", "istio-cni"],
      "mesh-istiod": ["istiod", "istiod", "istio-system"],
      "mesh-gateway": ["istio-ingressgateway", "gateway", "istio-ingress"],
    };
    for (const [res, [release, chart, namespace]] of Object.entries(expected)) {
      const i = inputs(r, res);
      assert.deepEqual([i.name, i.chart, i.namespace, i.version], [release, chart, namespace, "1.30.3"], res);
      assert.equal(i.repositoryOpts.repo, "https://istio-release.storage.googleapis.com/charts");
      assert.equal(i.atomic, true);
      assert.equal(i.cleanupOnFail, true);
      assert.equal(i.skipAwait, false);
      assert.equal(i.timeout, 600);
    }
  });

  test("install order: namespaces, base, cni, cacerts, istiod, gateway; Istio objects after the CRDs", async () => {
    const { r } = await run();
    assert.ok(dependsOn(r, "mesh-base", "mesh-ns-istio-system"));
    assert.ok(dependsOn(r, "mesh-cni", "mesh-base"));
    assert.ok(dependsOn(r, "mesh-cni", "mesh-ns-istio-cni"));
    assert.ok(dependsOn(r, "mesh-cacerts", "mesh-ns-istio-system"));
    for (const before of ["mesh-base", "mesh-cni", "mesh-cacerts"])
      assert.ok(dependsOn(r, "mesh-istiod", before), `istiod after ${before}`);
    for (const before of ["mesh-istiod", "mesh-gateway-tls", "mesh-ns-istio-ingress"])
      assert.ok(dependsOn(r, "mesh-gateway", before), `gateway after ${before}`);
    for (const cr of r.kubernetesObjects().filter((o) => o.type.includes("istio.io")))
      assert.ok(dependsOn(r, cr.name, "mesh-base") && dependsOn(r, cr.name, "mesh-istiod"), cr.name);
    assert.ok(dependsOn(r, "mesh-gateway-per-caller-rate-limit", "mesh-gateway"));
  });

  test("NetworkPolicies: one per flow, in its namespace, created after it and before the charts' pods", async () => {
    const { r } = await run();
    for (const np of NETWORK_POLICIES.map((c) => c.split(" ")[1]!)) {
      const ns = inputs(r, np).metadata.namespace as string;
      assert.ok(np.startsWith(`mesh-np-${ns}-`), np);
      assert.ok(dependsOn(r, np, `mesh-ns-${ns}`), `${np} after its namespace`);
      const release = {
        "istio-system": "mesh-istiod",
        "istio-ingress": "mesh-gateway",
        "istio-cni": "mesh-cni",
      }[ns]!;
      assert.ok(dependsOn(r, release, np), `${release} after ${np}`);
    }
  });

  test("NetworkPolicies read the Args: VPC, control-plane subnets, model ports, scraper; private ranges by default", async () => {
    const from = (r: Captured, np: string) => inputs(r, `mesh-np-${np}`).spec.ingress[0].from;
    const { r: byDefault } = await run();
    const privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((cidr) => ({
      ipBlock: { cidr },
    }));
    assert.deepEqual(from(byDefault, "istio-ingress-allow-load-balancer"), privateRanges);
    assert.deepEqual(from(byDefault, "istio-system-allow-webhook-from-control-plane"), privateRanges);
    assert.deepEqual(
      inputs(byDefault, "mesh-np-istio-ingress-allow-egress-model-servers").spec.egress[0].ports,
      [{ protocol: "TCP", port: 8000 }],
    );

    const { r } = await run({
      ...ARGS,
      vpcCidrs: ["10.50.0.0/16"],
      controlPlaneCidrs: ["10.50.32.0/24"],
      upstreamPorts: [9000],
      scraperNamespace: "observability",
    });
    assert.deepEqual(from(r, "istio-ingress-allow-load-balancer"), [{ ipBlock: { cidr: "10.50.0.0/16" } }]);
    assert.deepEqual(from(r, "istio-system-allow-webhook-from-control-plane"), [
      { ipBlock: { cidr: "10.50.32.0/24" } },
    ]);
    assert.deepEqual(from(r, "istio-system-allow-metrics-from-scraper"), [
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } } },
    ]);
    assert.deepEqual(inputs(r, "mesh-np-istio-system-allow-egress-jwks-outside-vpc").spec.egress[0].to, [
      { ipBlock: { cidr: "0.0.0.0/0", except: ["10.50.0.0/16"] } },
    ]);
    assert.deepEqual(inputs(r, "mesh-np-istio-ingress-allow-egress-model-servers").spec.egress[0].ports, [
      { protocol: "TCP", port: 9000 },
    ]);
    const { r: noJwt } = await run({ ...ARGS, jwt: undefined });
    assert.ok(!noJwt.names().includes("mesh-np-istio-system-allow-egress-jwks-outside-vpc"));
  });

  test("Pod Security: only istio-cni is privileged; control plane and gateway restricted", async () => {
    const { r } = await run();
    const level = (ns: string) =>
      inputs(r, `mesh-ns-${ns}`).metadata.labels["pod-security.kubernetes.io/enforce"];
    assert.deepEqual(["istio-system", "istio-cni", "istio-ingress"].map(level), [
      "restricted",
      "privileged",
      "restricted",
    ]);
    assert.equal(
      inputs(r, "mesh-ns-istio-system").metadata.labels["pod-security.kubernetes.io/enforce-version"],
      "v1.33",
    );
  });

  test("the GPU taint is tolerated by the CNI DaemonSet (the only DaemonSet the mesh adds)", async () => {
    const { r } = await run();
    const tolerations = inputs(r, "mesh-cni").values.tolerations;
    assert.ok(tolerations.some((t: any) => t.key === "nvidia.com/gpu" && t.operator === "Exists"));
  });

  test("cacerts: intermediate cert and key, root cert, chain intermediate+root; never the root key", async () => {
    const { r } = await run();
    const secret = r.named("mesh-cacerts");
    const i = plain<any>(secret.inputs);
    assert.deepEqual(i.metadata, { name: "cacerts", namespace: "istio-system" });
    assert.deepEqual(i.stringData, {
      "ca-cert.pem": mockPem("CERTIFICATE", "mesh-intermediate-cert"),
      "ca-key.pem": mockPem("EC PRIVATE KEY", "mesh-intermediate-key"),
      "root-cert.pem": mockPem("CERTIFICATE", "mesh-root-cert"),
      "cert-chain.pem":
        mockPem("CERTIFICATE", "mesh-intermediate-cert") + mockPem("CERTIFICATE", "mesh-root-cert"),
    });
    // The whole stringData (so the key) is a secret in the state and the export.
    assert.ok(isSecret((secret.inputs as any).stringData), "cacerts' data is a secret");
    const rootKey = mockPem("EC PRIVATE KEY", "mesh-root-key");
    for (const o of r.resources.filter((x) => x.type.startsWith("kubernetes:")))
      assert.ok(!JSON.stringify(plain(o.inputs)).includes(rootKey), `root key reaches ${o.name}`);
  });

  test("the tls resources declare their private keys secret outputs", async () => {
    const { r } = await run();
    for (const name of ["mesh-root-key", "mesh-intermediate-key", "mesh-gateway-key"])
      assert.ok(r.named(name).additionalSecretOutputs.includes("privateKeyPem"), name);
    assert.ok(r.named("mesh-intermediate-cert").additionalSecretOutputs.includes("caPrivateKeyPem"));
  });

  test("CA chain: root self-signed CA (pathlen 1), intermediate signed by the root (pathlen 0, renewable)", async () => {
    const { r } = await run();
    const rootKey = inputs(r, "mesh-root-key");
    assert.deepEqual([rootKey.algorithm, rootKey.ecdsaCurve], ["ECDSA", "P384"]);
    const root = inputs(r, "mesh-root-cert");
    assert.equal(root.privateKeyPem, mockPem("EC PRIVATE KEY", "mesh-root-key"));
    assert.equal(root.isCaCertificate, true);
    assert.equal(root.maxPathLength, 1);
    assert.deepEqual(root.allowedUses.sort(), ["certSigning", "crlSigning"]);
    assert.equal(root.validityPeriodHours, 3650 * 24);
    assert.deepEqual(root.subject, { organization: "Rampart", commonName: "Rampart mesh root CA" });

    const intKey = inputs(r, "mesh-intermediate-key");
    assert.deepEqual([intKey.algorithm, intKey.ecdsaCurve], ["ECDSA", "P256"]);
    const csr = inputs(r, "mesh-intermediate-csr");
    assert.equal(csr.privateKeyPem, mockPem("EC PRIVATE KEY", "mesh-intermediate-key"));
    assert.deepEqual(csr.subject, { organization: "Rampart", commonName: "Rampart mesh intermediate CA" });
    const int = inputs(r, "mesh-intermediate-cert");
    // Issuer = the root: signed with the root's key, under the root's certificate.
    assert.equal(int.caPrivateKeyPem, mockPem("EC PRIVATE KEY", "mesh-root-key"));
    assert.equal(int.caCertPem, mockPem("CERTIFICATE", "mesh-root-cert"));
    assert.equal(int.certRequestPem, mockPem("CERTIFICATE REQUEST", "mesh-intermediate-csr"));
    assert.equal(int.isCaCertificate, true);
    assert.equal(int.maxPathLength, 0);
    assert.deepEqual(int.allowedUses.sort(), ["certSigning", "crlSigning", "digitalSignature"]);
    assert.equal(int.validityPeriodHours, 365 * 24);
    assert.equal(int.earlyRenewalHours, 60 * 24);
    assert.ok(int.validityPeriodHours < root.validityPeriodHours);
  });

  test("gateway certificate: a leaf for the hosts, signed by the intermediate, in a kubernetes.io/tls Secret", async () => {
    const { r } = await run();
    assert.deepEqual(inputs(r, "mesh-gateway-csr").dnsNames, ["api.example.com", "chat.example.com"]);
    const cert = inputs(r, "mesh-gateway-cert");
    assert.equal(cert.caPrivateKeyPem, mockPem("EC PRIVATE KEY", "mesh-intermediate-key"));
    assert.equal(cert.caCertPem, mockPem("CERTIFICATE", "mesh-intermediate-cert"));
    assert.ok(!cert.isCaCertificate);
    assert.deepEqual(cert.allowedUses.sort(), [...MESH_CA_SPEC.gatewayServer.allowedUses].sort());
    assert.equal(cert.earlyRenewalHours, 30 * 24);
    const secret = r.named("mesh-gateway-tls");
    const s = plain<any>(secret.inputs);
    assert.equal(s.type, "kubernetes.io/tls");
    assert.deepEqual(s.metadata, { name: "public-gateway-tls", namespace: "istio-ingress" });
    assert.equal(
      s.stringData["tls.crt"],
      mockPem("CERTIFICATE", "mesh-gateway-cert") + mockPem("CERTIFICATE", "mesh-intermediate-cert"),
    );
    assert.ok(isSecret((secret.inputs as any).stringData));
    // The Gateway's credentialName is that Secret, in the gateway's own namespace.
    assert.equal(inputs(r, "mesh-public-gateway").spec.servers[0].tls.credentialName, "public-gateway-tls");
  });

  test("mesh-wide STRICT mTLS; JWT required at the gateway for the issuer", async () => {
    const { r } = await run();
    assert.deepEqual(inputs(r, "mesh-default").spec, { mtls: { mode: "STRICT" } });
    assert.equal(inputs(r, "mesh-default").metadata.namespace, "istio-system");
    const ra = inputs(r, "mesh-gateway-jwt").spec.jwtRules[0];
    assert.equal(ra.issuer, JWT.issuer);
    assert.equal(ra.forwardOriginalToken, true);
    assert.deepEqual(ra.outputClaimToHeaders, [{ header: "x-rampart-user", claim: "sub" }]);
    assert.deepEqual(inputs(r, "mesh-gateway-require-jwt").spec.rules, [
      { from: [{ source: { requestPrincipals: ["https://login.example.com//*"] } }] },
    ]);
  });

  test("outputs: the gateway identity namespaces admit, the root certificate, the control plane", async () => {
    const { mesh } = await run();
    assert.deepEqual(mesh.gatewayIdentity, {
      namespace: "istio-ingress",
      serviceAccount: "istio-ingressgateway",
      gatewayRef: "istio-ingress/public-gateway",
    });
    assert.equal(await unwrap(mesh.rootCertPem), mockPem("CERTIFICATE", "mesh-root-cert"));
    assert.equal(mesh.controlPlaneNamespace, "istio-system");
    assert.equal(mesh.ready.length, 3);
  });

  test("without jwt: no RequestAuthentication or gateway AuthorizationPolicy, rate limit on API keys only", async () => {
    const { r } = await run({ ...ARGS, jwt: undefined });
    assert.equal(r.ofType("kubernetes:security.istio.io/v1:RequestAuthentication").length, 0);
    assert.equal(r.ofType("kubernetes:security.istio.io/v1:AuthorizationPolicy").length, 0);
    const c = inputs(r, "mesh-gateway-per-caller-rate-limit").spec.configPatches[0].patch.value.typed_config;
    assert.deepEqual(
      c.descriptors.map((d: any) => d.entries[0].key),
      ["api_key"],
    );
  });

  test("provided CA: the same Secret from the inputs, the key kept secret, no CA generated", async () => {
    const pem = (n: string) => `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----\n`;
    const { r, mesh } = await run({
      ...ARGS,
      ca: {
        mode: "provided",
        rootCertPem: pem("root"),
        intermediateCertPem: pem("int"),
        certChainPem: pem("int") + pem("root"),
        intermediateKeyPem: pulumi.secret(
          "-----BEGIN EC PRIVATE KEY-----\nk\n-----END EC PRIVATE KEY-----\n",
        ),
      },
    });
    assert.equal(r.ofType("tls:index/selfSignedCert:SelfSignedCert").length, 0);
    const secret = r.named("mesh-cacerts");
    assert.deepEqual(plain<any>(secret.inputs).stringData, {
      "ca-cert.pem": pem("int"),
      "ca-key.pem": "-----BEGIN EC PRIVATE KEY-----\nk\n-----END EC PRIVATE KEY-----\n",
      "root-cert.pem": pem("root"),
      "cert-chain.pem": pem("int") + pem("root"),
    });
    assert.ok(isSecret((secret.inputs as any).stringData));
    assert.equal(await unwrap(mesh.rootCertPem), pem("root"));
  });

  test("a preview (certificates not yet known, as in CI's pulumi preview) registers the same children", async () => {
    const { r } = await run(ARGS, true);
    const children = r.descendantsOf(r.one("rampart:mesh:ServiceMesh", "mesh"));
    assert.deepEqual(children.map((c) => `${c.type} ${c.name}`).sort(), [...EXPECTED_CHILDREN].sort());
  });

  test("invalid arguments: one error listing every problem, before any child", async () => {
    await assert.rejects(
      run({ ...ARGS, version: "1.24.0", gateway: { hosts: [] } }),
      (err: Error) =>
        err.message.includes("ServiceMesh mesh: invalid arguments (2 problems)") &&
        err.message.includes('version: "1.24.0"') &&
        err.message.includes("gateway.hosts: []"),
    );
  });
});
