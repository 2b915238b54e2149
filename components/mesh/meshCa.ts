import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { MeshCaArgs } from "./serviceMesh.args";
import { MESH_NAMES, SERVICE_MESH_DEFAULTS } from "./serviceMesh.logic";

/**
 * The mesh CA, delivered as Istio's plug-in `cacerts` Secret (keys ca-cert.pem, ca-key.pem, root-cert.pem,
 * cert-chain.pem) which istiod reads at start and watches afterwards (pilot/pkg/bootstrap/istio_ca.go,
 * handleCACertsFileWatch). https://istio.io/latest/docs/tasks/security/cert-management/plugin-ca-cert/
 *
 * Algorithms: ECDSA, which istiod parses as EC PRIVATE KEY (security/pkg/pki/util/crypto.go) and Envoy
 * verifies natively. The root gets P-384 (it lives ten years and never leaves the Pulumi state); the
 * intermediate, which signs every workload certificate, and the gateway's certificate get P-256 (fast
 * signatures, 128-bit security for a key replaced every year or sooner). Both CAs carry a subject key id.
 */
export const MESH_CA_SPEC = {
  root: {
    key: { algorithm: "ECDSA", ecdsaCurve: "P384" },
    /** Signs the intermediate only: one CA below it at most. */
    maxPathLength: 1,
    allowedUses: ["certSigning", "crlSigning"],
  },
  intermediate: {
    key: { algorithm: "ECDSA", ecdsaCurve: "P256" },
    /** Signs leaf (workload, gateway) certificates only, never another CA. */
    maxPathLength: 0,
    allowedUses: ["certSigning", "crlSigning", "digitalSignature"],
  },
  gatewayServer: {
    key: { algorithm: "ECDSA", ecdsaCurve: "P256" },
    allowedUses: ["digitalSignature", "serverAuth"],
    validityDays: 90,
    renewBeforeDays: 30,
  },
} as const;

export interface MeshCa {
  readonly rootCertPem: pulumi.Output<string>;
  /** The `cacerts` Secret: istiod must depend on it. */
  readonly cacerts: k8s.core.v1.Secret;
  /** The gateway's kubernetes.io/tls Secret (its `credentialName`). */
  readonly gatewayCredential: k8s.core.v1.Secret;
}

interface Signer {
  readonly certPem: pulumi.Input<string>;
  readonly keyPem: pulumi.Input<string>;
  readonly chainPem: pulumi.Input<string>;
  readonly rootPem: pulumi.Input<string>;
}

const hours = (days: number) => days * 24;

/** Root and intermediate from @pulumi/tls; the root's key stays in the (encrypted) Pulumi state only. */
function generatedCa(
  name: string,
  ca: Extract<MeshCaArgs, { mode: "generated" }>,
  parent: pulumi.Resource,
): Signer {
  const g = { ...SERVICE_MESH_DEFAULTS.generatedCa, ...ca };
  const opts = { parent };
  const rootKey = new tls.PrivateKey(`${name}-root-key`, { ...MESH_CA_SPEC.root.key }, opts);
  const root = new tls.SelfSignedCert(
    `${name}-root-cert`,
    {
      privateKeyPem: rootKey.privateKeyPem,
      subject: { organization: g.organization, commonName: `${g.organization} mesh root CA` },
      isCaCertificate: true,
      maxPathLength: MESH_CA_SPEC.root.maxPathLength,
      setSubjectKeyId: true,
      validityPeriodHours: hours(g.rootValidityDays),
      allowedUses: [...MESH_CA_SPEC.root.allowedUses],
    },
    opts,
  );
  const key = new tls.PrivateKey(`${name}-intermediate-key`, { ...MESH_CA_SPEC.intermediate.key }, opts);
  const csr = new tls.CertRequest(
    `${name}-intermediate-csr`,
    {
      privateKeyPem: key.privateKeyPem,
      subject: { organization: g.organization, commonName: `${g.organization} mesh intermediate CA` },
    },
    opts,
  );
  // earlyRenewalHours: once the intermediate is that close to expiry, the provider plans a replacement
  // on the next `pulumi up`, signed by the same root, so workloads keep trusting it; istiod reloads the
  // changed cacerts and re-issues workload certificates as they rotate (24 h by default).
  // https://registry.terraform.io/providers/hashicorp/tls/latest/docs/resources/locally_signed_cert#early_renewal_hours
  const intermediate = new tls.LocallySignedCert(
    `${name}-intermediate-cert`,
    {
      certRequestPem: csr.certRequestPem,
      caPrivateKeyPem: rootKey.privateKeyPem,
      caCertPem: root.certPem,
      isCaCertificate: true,
      maxPathLength: MESH_CA_SPEC.intermediate.maxPathLength,
      setSubjectKeyId: true,
      validityPeriodHours: hours(g.intermediateValidityDays),
      earlyRenewalHours: hours(g.renewBeforeDays),
      allowedUses: [...MESH_CA_SPEC.intermediate.allowedUses],
    },
    opts,
  );
  return {
    certPem: intermediate.certPem,
    keyPem: key.privateKeyPem,
    chainPem: pulumi.concat(intermediate.certPem, root.certPem),
    rootPem: root.certPem,
  };
}

/**
 * Creates the CA (or takes the provided one), the `cacerts` Secret in the control-plane namespace and
 * the gateway's server certificate, signed by the intermediate. `k8sOpts` carries the provider and the
 * namespaces the Secrets wait for.
 */
export function createMeshCa(
  name: string,
  ca: MeshCaArgs,
  hosts: readonly string[],
  parent: pulumi.Resource,
  k8sOpts: {
    provider: k8s.Provider;
    controlPlaneNamespace: pulumi.Resource;
    gatewayNamespace: pulumi.Resource;
  },
): MeshCa {
  const signer: Signer =
    ca.mode === "generated"
      ? generatedCa(name, ca, parent)
      : {
          certPem: ca.intermediateCertPem,
          keyPem: ca.intermediateKeyPem,
          chainPem: ca.certChainPem,
          rootPem: ca.rootCertPem,
        };

  const cacerts = new k8s.core.v1.Secret(
    `${name}-cacerts`,
    {
      metadata: { name: MESH_NAMES.cacerts, namespace: MESH_NAMES.controlPlaneNamespace },
      type: "Opaque",
      stringData: {
        "ca-cert.pem": signer.certPem,
        // Every private key stays a secret in the state and the export, whatever its origin.
        "ca-key.pem": pulumi.secret(signer.keyPem),
        "root-cert.pem": signer.rootPem,
        "cert-chain.pem": signer.chainPem,
      },
    },
    { parent, provider: k8sOpts.provider, dependsOn: [k8sOpts.controlPlaneNamespace] },
  );

  // The gateway's server certificate for the load balancer's re-encrypted hop. An ALB does not validate
  // target certificates, so a private CA is fine there; what it buys is encryption to the pod.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-group-routing-configuration
  const s = MESH_CA_SPEC.gatewayServer;
  const gwKey = new tls.PrivateKey(`${name}-gateway-key`, { ...s.key }, { parent });
  const gwCsr = new tls.CertRequest(
    `${name}-gateway-csr`,
    {
      privateKeyPem: gwKey.privateKeyPem,
      // Clients match the SANs; the CN is informative and limited to 64 characters (RFC 5280 ub-common-name).
      subject: { commonName: hosts[0]!.length <= 64 ? hosts[0] : MESH_NAMES.gatewayRelease },
      dnsNames: [...hosts],
    },
    { parent },
  );
  const gwCert = new tls.LocallySignedCert(
    `${name}-gateway-cert`,
    {
      certRequestPem: gwCsr.certRequestPem,
      caPrivateKeyPem: signer.keyPem,
      caCertPem: signer.certPem,
      validityPeriodHours: hours(s.validityDays),
      earlyRenewalHours: hours(s.renewBeforeDays),
      allowedUses: [...s.allowedUses],
    },
    { parent },
  );
  const gatewayCredential = new k8s.core.v1.Secret(
    `${name}-gateway-tls`,
    {
      metadata: { name: MESH_NAMES.gatewayCredential, namespace: MESH_NAMES.gatewayNamespace },
      type: "kubernetes.io/tls",
      stringData: {
        // Leaf then intermediate: clients that hold only the root can build the path.
        "tls.crt": pulumi.concat(gwCert.certPem, signer.certPem),
        "tls.key": pulumi.secret(gwKey.privateKeyPem),
      },
    },
    { parent, provider: k8sOpts.provider, dependsOn: [k8sOpts.gatewayNamespace] },
  );

  return { rootCertPem: pulumi.output(signer.rootPem), cacerts, gatewayCredential };
}
