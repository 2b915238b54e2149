import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { MOCK_ACCOUNT_ID } from "../../../cli/runtime/mockOutputs";
import { verifyAccess } from "../../../cli/verify/iam";
import { vaultUnsealAccess } from "../../../cli/verify/iam/vaultUnsealAccess";
import { collectImages, readEgress } from "../../../cli/verify/images";
import { isVaultChart, vaultChartImages } from "../../../cli/verify/images/vault";
import { VaultServer, type VaultServerArgs } from "../../../components/identity/vaultServer";
import { VAULT_IMAGE } from "../../../components/identity/vaultServer.logic";
import { keyPolicy } from "../../../components/security/keyRing.logic";
import {
  flattenConfig,
  isSecret,
  json,
  plain,
  runComponent,
  stackConfig,
  type Captured,
} from "../../helpers/harness";
import { validateKubernetesObjects } from "../../schemas/kubernetesSchemas";

const REGION = "us-east-1";
const MIRROR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror";
type Args = Omit<VaultServerArgs, "kubeProvider" | "unsealKeyArn" | "clusterName">;
const ARGS: Args = {
  region: REGION,
  namePrefix: "rampart-dev",
  storageClassName: "gp3-encrypted",
  imageRegistry: MIRROR,
  vpcCidrs: ["10.0.0.0/16"],
  clientNamespaces: ["inference"],
  tags: { team: "platform" },
};

/** The component with the KeyRing's vault key (its real policy), another key and an administrator's role. */
async function run(args: Args = ARGS): Promise<Captured> {
  return runComponent(() => {
    const ctx = {
      partition: "aws",
      accountId: MOCK_ACCOUNT_ID,
      region: REGION,
      logGroupPrefixes: ["/rampart/dev/"],
      grantAutoScalingServiceLinkedRole: false,
      namePrefix: "rampart-dev",
    };
    const key = new aws.kms.Key("vault-key", {
      policy: JSON.stringify(keyPolicy("vault", ctx)),
      tags: { "rampart:data-class": "vault" },
    });
    new aws.kms.Key("models-key", {
      policy: JSON.stringify(keyPolicy("models", ctx)),
      tags: { "rampart:data-class": "models" },
    });
    const admin = new aws.iam.Role("platform-admin", {
      name: "rampart-dev-platform-admin",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
            Action: "sts:AssumeRole",
          },
        ],
      }),
    });
    new aws.iam.RolePolicy("platform-admin-all", {
      role: admin.name,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
      }),
    });
    new VaultServer("vault", {
      ...args,
      kubeProvider: new k8s.Provider("cluster-k8s", { kubeconfig: "{}" }),
      unsealKeyArn: key.arn,
      clusterName: "rampart-dev",
    });
  });
}

const inputs = (r: Captured, name: string) => plain<any>(r.named(name).inputs);

describe("VaultServer under mocks", async () => {
  const r = await run();
  const component = r.one("rampart:identity:VaultServer");

  test("exactly the expected children", () => {
    const np = [
      "default-deny-all",
      "allow-peers",
      "allow-api-from-clients",
      "allow-api-from-vpc",
      "allow-dns",
      "allow-egress-https-in-vpc",
      "allow-egress-pod-identity-agent",
      "quarantine",
    ].map((n) => `kubernetes:networking.k8s.io/v1:NetworkPolicy vault-np-${n}`);
    assert.deepEqual(
      r
        .childrenOf(component)
        .map((c) => `${c.type} ${c.name}`)
        .sort(),
      [
        ...np,
        "aws:eks/podIdentityAssociation:PodIdentityAssociation vault-unseal-pod-identity",
        "aws:iam/role:Role vault-unseal-role",
        "aws:iam/rolePolicy:RolePolicy vault-unseal-kms",
        "kubernetes:core/v1:Namespace vault-ns",
        "kubernetes:core/v1:Secret vault-tls",
        "kubernetes:helm.sh/v3:Release vault-vault",
        "tls:index/certRequest:CertRequest vault-server-csr",
        "tls:index/locallySignedCert:LocallySignedCert vault-server-cert",
        "tls:index/privateKey:PrivateKey vault-ca-key",
        "tls:index/privateKey:PrivateKey vault-server-key",
        "tls:index/selfSignedCert:SelfSignedCert vault-ca-cert",
      ].sort(),
    );
  });

  test("its own namespace, Pod Security restricted in all three modes", () => {
    const ns = inputs(r, "vault-ns").metadata;
    assert.equal(ns.name, "vault");
    for (const mode of ["enforce", "audit", "warn"])
      assert.equal(ns.labels[`pod-security.kubernetes.io/${mode}`], "restricted");
  });

  test("every Kubernetes object passes its published schema", async () => {
    const { failures, validated } = await validateKubernetesObjects(r);
    assert.deepEqual(failures, []);
    assert.equal(validated.length, r.kubernetesObjects().length);
  });

  test("the pinned chart from HashiCorp's repository, after the policies, the TLS Secret and the Pod Identity", () => {
    const rel = r.named("vault-vault");
    const i = plain<any>(rel.inputs);
    assert.deepEqual(
      [i.chart, i.version, i.repositoryOpts.repo, i.namespace, i.name],
      ["vault", "0.34.1", "https://helm.releases.hashicorp.com", "vault", "vault"],
    );
    // A fresh Vault is sealed (not ready) until `vault operator init`: Helm must not wait or roll back.
    assert.deepEqual([i.skipAwait, i.atomic], [true, false]);
    for (const dep of ["vault-np-default-deny-all", "vault-tls", "vault-unseal-pod-identity", "vault-ns"])
      assert.ok(rel.dependencies.includes(r.named(dep).urn), `release waits for ${dep}`);
    const hcl: string = i.values.server.ha.raft.config;
    const keyArn = String(r.named("vault-key").outputs.arn);
    assert.ok(hcl.includes(`kms_key_id = "${keyArn}"`), hcl);
    assert.match(hcl, /region = "us-east-1"/);
    assert.equal(i.values.server.image.repository, `${MIRROR}/hashicorp/vault`);
  });

  test("TLS: ECDSA P-256, CA ≤ 5 years signing nothing but leaves, server ≤ 1 year for Vault's names", () => {
    const ca = inputs(r, "vault-ca-cert");
    assert.deepEqual([ca.isCaCertificate, ca.maxPathLength, ca.validityPeriodHours], [true, 0, 1825 * 24]);
    for (const key of ["vault-ca-key", "vault-server-key"])
      assert.deepEqual([inputs(r, key).algorithm, inputs(r, key).ecdsaCurve], ["ECDSA", "P256"]);
    const cert = inputs(r, "vault-server-cert");
    assert.ok(cert.validityPeriodHours <= 365 * 24);
    assert.deepEqual(cert.allowedUses, ["digitalSignature", "serverAuth"]);
    const csr = inputs(r, "vault-server-csr");
    for (const name of ["vault-active.vault.svc", "*.vault-internal", "*.vault-internal.vault.svc"])
      assert.ok(csr.dnsNames.includes(name), name);
    assert.deepEqual(csr.ipAddresses, ["127.0.0.1"]);
  });

  test("the TLS Secret: kubernetes.io/tls with ca.crt, the key a Pulumi secret", () => {
    const secret = r.named("vault-tls");
    const i = plain<any>(secret.inputs);
    assert.deepEqual(
      [i.metadata.name, i.metadata.namespace, i.type],
      ["vault-server-tls", "vault", "kubernetes.io/tls"],
    );
    assert.deepEqual(Object.keys(i.stringData).sort(), ["ca.crt", "tls.crt", "tls.key"]);
    assert.ok(isSecret(secret.inputs.stringData), "the Secret's data is a Pulumi secret");
    assert.ok(secret.dependencies.includes(r.named("vault-ns").urn));
  });

  test("the unseal role: Pod Identity for this account, bound to vault/vault, the seal's actions on the key only", () => {
    const role = inputs(r, "vault-unseal-role");
    assert.equal(role.name, "rampart-dev-vault-unseal");
    assert.equal(role.maxSessionDuration, 3600);
    assert.deepEqual(json(role.assumeRolePolicy).Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
    });
    const assoc = inputs(r, "vault-unseal-pod-identity");
    assert.deepEqual(
      [assoc.namespace, assoc.serviceAccount, assoc.clusterName, assoc.roleArn],
      ["vault", "vault", "rampart-dev", r.named("vault-unseal-role").outputs.arn],
    );
    const policy = json(inputs(r, "vault-unseal-kms").policy);
    assert.deepEqual(policy.Statement, [
      {
        Sid: "VaultAutoUnseal",
        Effect: "Allow",
        Action: ["kms:DescribeKey", "kms:Encrypt", "kms:Decrypt"],
        Resource: r.named("vault-key").outputs.arn,
      },
    ]);
  });

  test("outputs: the active Service's HTTPS address, the CA, the namespace and the role", () => {
    const out = plain<any>(r.one("rampart:identity:VaultServer").outputs);
    assert.equal(out.address, "https://vault-active.vault.svc:8200");
    assert.equal(out.namespace, "vault");
    assert.equal(out.caCertPem, r.named("vault-ca-cert").outputs.certPem);
    assert.equal(out.unsealRoleArn, r.named("vault-unseal-role").outputs.arn);
  });

  test("invalid args fail before any child, naming each problem", async () => {
    await assert.rejects(
      run({ ...ARGS, replicas: 4, storageClassName: "" }),
      /VaultServer vault: invalid arguments \(2 problems\)[\s\S]*replicas: 4[\s\S]*storageClassName/,
    );
  });

  describe("rampart verify on the export", () => {
    const exported = toStackExport(r.resources, {
      project: PROJECT,
      stack: "dev",
      config: flattenConfig(stackConfig("dev")),
    }).deployment.resources;

    test("only the unseal role uses the vault key, and only for the seal; it uses no other key", () => {
      const cases = vaultUnsealAccess(exported);
      const verdicts = verifyAccess(exported, cases);
      assert.deepEqual(
        verdicts.filter((v) => !v.pass).map((v) => `${v.id}: ${v.verdict} (${v.reason})`),
        [],
      );
      assert.deepEqual(
        cases.map((c) => `${c.id} ${c.expect}`),
        [
          "vault-unseal/rampart-dev-vault-unseal/kms:DescribeKey allow",
          "vault-unseal/rampart-dev-vault-unseal/kms:Encrypt allow",
          "vault-unseal/rampart-dev-vault-unseal/kms:Decrypt allow",
          "vault-unseal/rampart-dev-vault-unseal/forbidden/kms:GenerateDataKey deny",
          "vault-unseal/rampart-dev-vault-unseal/forbidden/kms:ReEncryptFrom deny",
          "vault-unseal/rampart-dev-vault-unseal/forbidden/kms:CreateGrant deny",
          "vault-unseal/rampart-dev-vault-unseal/forbidden/kms:PutKeyPolicy deny",
          "vault-unseal/rampart-dev-vault-unseal/other-key/models-key-key-id deny",
          "vault-unseal/not-the-unseal-role/rampart-dev-platform-admin deny",
        ],
      );
    });

    test("the cases fail when the key policy admits any role of the account", () => {
      const loosened = exported.map((x) => {
        if (!x.urn.endsWith("::vault-key")) return x;
        const doc = JSON.parse(String(x.inputs.policy));
        for (const s of doc.Statement) if (s.Condition?.ArnEquals) delete s.Condition.ArnEquals;
        const policy = JSON.stringify(doc);
        return { ...x, inputs: { ...x.inputs, policy }, outputs: { ...x.outputs, policy } };
      });
      const failing = verifyAccess(loosened, vaultUnsealAccess(loosened))
        .filter((v) => !v.pass)
        .map((v) => v.id);
      assert.deepEqual(failing, ["vault-unseal/not-the-unseal-role/rampart-dev-platform-admin"]);
    });

    test("the release's images: the server alone, from the mirror at the pinned tag", () => {
      const release = exported.filter((x) => x.type === "kubernetes:helm.sh/v3:Release");
      assert.ok(isVaultChart(release[0]!.inputs));
      const sources = vaultChartImages(release[0]!);
      assert.deepEqual(
        sources.map((s) => [s.path, s.ref]),
        [["values.server.image", `${MIRROR}/hashicorp/vault:${VAULT_IMAGE.tag}`]],
      );
      // The generic reading (what `rampart verify` does before the lead wires vault.ts) agrees.
      const generic = collectImages(release, readEgress(exported));
      assert.deepEqual(
        generic.map((s) => s.ref),
        [`${MIRROR}/hashicorp/vault:${VAULT_IMAGE.tag}`],
      );
    });
  });
});
