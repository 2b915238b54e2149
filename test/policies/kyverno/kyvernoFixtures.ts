import { imagePolicy } from "../../../components/supplychain/supplyChain.admission.logic";

/** Our own ClusterPolicy (the compliant fixture), as SupplyChain creates it. */
export const CP = "kubernetes:kyverno.io/v1:ClusterPolicy";
export const HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
export const ours = (mode: "enforce" | "audit" = "enforce") =>
  structuredClone(
    imagePolicy({
      registryHost: HOST,
      namePrefix: "rampart-prod",
      publicKeyPem: "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n",
      namespaces: ["inference"],
      mode,
    }),
  ) as any;
/** A one-rule policy with one verifyImages entry and the given fields. */
export const oneRule = (verify: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
  apiVersion: "kyverno.io/v1",
  kind: "ClusterPolicy",
  metadata: { name: "p" },
  spec: {
    ...spec,
    rules: [
      {
        name: "r",
        match: { any: [{ resources: { kinds: ["Pod"], namespaces: ["inference"] } }] },
        verifyImages: [{ imageReferences: [`${HOST}/rampart-prod/*`], ...verify }],
      },
    ],
  },
});
