/** An OpenSearch domain that every OpenSearch policy accepts; each test mutates one setting. */
export const OPENSEARCH_DOMAIN = "aws:opensearch/domain:Domain";

export const compliantOpenSearchDomain = (): Record<string, any> => ({
  domainName: "siem",
  encryptAtRest: { enabled: true, kmsKeyId: "k" },
  nodeToNodeEncryption: { enabled: true },
  domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
});
