import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { serverCertificateNames, VAULT_NAMES, VAULT_SERVER_DEFAULTS } from "./vaultServer.logic";

/**
 * Vault's own CA and server certificate, from @pulumi/tls. ECDSA P-256 for both: Vault's listener and
 * Go's TLS stack verify it natively, and the CA signs nothing but this one certificate (path length 0).
 * The CA's key never leaves the Pulumi state (a secret there); the server's key reaches the cluster only
 * in the kubernetes.io/tls Secret the chart mounts (`server.extraVolumes`, mode 0440).
 */
export const VAULT_TLS_SPEC = {
  ca: {
    key: { algorithm: "ECDSA", ecdsaCurve: "P256" },
    maxPathLength: 0,
    allowedUses: ["certSigning", "crlSigning"],
  },
  server: {
    key: { algorithm: "ECDSA", ecdsaCurve: "P256" },
    // ECDSA signs the handshake (no key encipherment); raft's `retry_join` and clients verify it.
    allowedUses: ["digitalSignature", "serverAuth"],
  },
} as const;

export interface VaultTls {
  readonly caCertPem: pulumi.Output<string>;
  /** The kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt): the release depends on it. */
  readonly secret: k8s.core.v1.Secret;
}

const hours = (days: number) => days * 24;

/** The CA, the server certificate for the names in `serverCertificateNames`, and the Secret holding them. */
export function createVaultTls(
  name: string,
  namespace: string,
  parent: pulumi.Resource,
  k8sOpts: { provider: k8s.Provider; namespace: pulumi.Resource },
): VaultTls {
  const d = VAULT_SERVER_DEFAULTS.tls;
  const opts = { parent };
  const caKey = new tls.PrivateKey(`${name}-ca-key`, { ...VAULT_TLS_SPEC.ca.key }, opts);
  const ca = new tls.SelfSignedCert(
    `${name}-ca-cert`,
    {
      privateKeyPem: caKey.privateKeyPem,
      subject: { organization: d.organization, commonName: `${d.organization} Vault CA` },
      isCaCertificate: true,
      maxPathLength: VAULT_TLS_SPEC.ca.maxPathLength,
      setSubjectKeyId: true,
      validityPeriodHours: hours(d.caValidityDays),
      allowedUses: [...VAULT_TLS_SPEC.ca.allowedUses],
    },
    opts,
  );
  const key = new tls.PrivateKey(`${name}-server-key`, { ...VAULT_TLS_SPEC.server.key }, opts);
  const names = serverCertificateNames(namespace);
  const csr = new tls.CertRequest(
    `${name}-server-csr`,
    {
      privateKeyPem: key.privateKeyPem,
      subject: { organization: d.organization, commonName: `${VAULT_NAMES.service}.${namespace}.svc` },
      dnsNames: names.dnsNames,
      ipAddresses: names.ipAddresses,
    },
    opts,
  );
  // earlyRenewalHours: that close to expiry, the next `pulumi up` replaces the certificate (same CA), the
  // Secret changes, and the pods pick it up when restarted one by one (OnDelete, see docs/VAULT.md).
  // https://registry.terraform.io/providers/hashicorp/tls/latest/docs/resources/locally_signed_cert#early_renewal_hours
  const cert = new tls.LocallySignedCert(
    `${name}-server-cert`,
    {
      certRequestPem: csr.certRequestPem,
      caPrivateKeyPem: caKey.privateKeyPem,
      caCertPem: ca.certPem,
      validityPeriodHours: hours(d.serverValidityDays),
      earlyRenewalHours: hours(d.renewBeforeDays),
      allowedUses: [...VAULT_TLS_SPEC.server.allowedUses],
    },
    opts,
  );
  const secret = new k8s.core.v1.Secret(
    `${name}-tls`,
    {
      metadata: { name: VAULT_NAMES.tlsSecret, namespace },
      type: "kubernetes.io/tls",
      stringData: {
        "tls.crt": cert.certPem,
        "tls.key": pulumi.secret(key.privateKeyPem),
        "ca.crt": ca.certPem,
      },
    },
    { parent, provider: k8sOpts.provider, dependsOn: [k8sOpts.namespace] },
  );
  return { caCertPem: ca.certPem, secret };
}
