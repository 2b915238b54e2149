import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_SIGNING_PUBLIC_KEY_PEM } from "../../../cli/runtime/mockOutputs";
import { ADMIN_ACTIONS } from "../../../components/security/keyRing.logic";
import {
  createSigningKey,
  type SigningKeyOutputs,
} from "../../../components/supplychain/supplyChain.signing";
import {
  cosignKeyRef,
  signingAliasName,
  signingKeyPolicy,
} from "../../../components/supplychain/supplyChain.signing.logic";
import { type Captured, json, plain, runComponent, unwrap } from "../../helpers/harness";

class TestScope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:supplychain:Scope", name, {}, {});
  }
}

const ACCOUNT = "123456789012";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const CI = `arn:aws:iam::${ACCOUNT}:role/ci-release`;
const MM = `arn:aws:iam::${ACCOUNT}:role/rampart-prod-access-model-management`;

describe("signingKeyPolicy (pure)", () => {
  test("administered by the account's IAM, signed only by the signers, verified by the account", () => {
    assert.deepEqual(signingKeyPolicy({ partition: "aws", accountId: ACCOUNT, signerRoleArns: [CI, MM] }), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountIamAdministers",
          Effect: "Allow",
          Principal: { AWS: ROOT },
          Action: [...ADMIN_ACTIONS],
          Resource: "*",
        },
        {
          Sid: "SignersSign",
          Effect: "Allow",
          Principal: { AWS: [CI, MM] },
          Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
          Resource: "*",
        },
        {
          Sid: "AccountIamVerifies",
          Effect: "Allow",
          Principal: { AWS: ROOT },
          Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Verify"],
          Resource: "*",
        },
      ],
    });
  });

  test("no signer: no Sign statement at all (an empty principal list is invalid), nobody can sign", () => {
    const doc = signingKeyPolicy({ partition: "aws", accountId: ACCOUNT, signerRoleArns: [] });
    assert.deepEqual(
      doc.Statement.map((s) => s.Sid),
      ["AccountIamAdministers", "AccountIamVerifies"],
    );
    assert.ok(!JSON.stringify(doc).includes("kms:Sign"));
  });

  test('no statement names "*" or grants kms:Sign (or kms:*) to the account root', () => {
    const doc = signingKeyPolicy({ partition: "aws", accountId: ACCOUNT, signerRoleArns: [CI] });
    for (const s of doc.Statement) {
      assert.notEqual(JSON.stringify(s.Principal), '"*"');
      const actions = ([] as string[]).concat(s.Action);
      if (JSON.stringify(s.Principal).includes(":root"))
        assert.ok(!actions.some((a) => a === "kms:Sign" || a === "kms:*" || a === "*"), s.Sid);
    }
  });

  test("alias and cosign reference", () => {
    assert.equal(signingAliasName("prod"), "alias/rampart/prod/signing");
    assert.equal(cosignKeyRef("arn:aws:kms:us-east-1:1:key/k"), "awskms:///arn:aws:kms:us-east-1:1:key/k");
  });
});

describe("the mocked public key", () => {
  test("is a real P-256 SubjectPublicKeyInfo", () => {
    const key = crypto.createPublicKey(MOCK_SIGNING_PUBLIC_KEY_PEM);
    assert.equal(key.asymmetricKeyType, "ec");
    assert.equal(key.asymmetricKeyDetails?.namedCurve, "prime256v1");
  });
});

describe("createSigningKey under mocks", () => {
  let run: Captured;
  let outputs: Record<string, unknown>;
  before(async () => {
    run = await runComponent(async () => {
      const scope = new TestScope("sc");
      const key: SigningKeyOutputs = createSigningKey(scope, "sc", {
        namePrefix: "rampart-prod",
        stack: "prod",
        signerRoleArns: [CI, pulumi.output(MM)],
        protect: true,
        tags: { team: "sec" },
      });
      outputs = {
        signingKeyArn: await unwrap(key.signingKeyArn),
        signingKeyAlias: key.signingKeyAlias,
        signingPublicKeyPem: await unwrap(key.signingPublicKeyPem),
        cosignKeyRef: await unwrap(key.cosignKeyRef),
      };
    });
  });

  test("exactly a key and its alias, children of the parent", () => {
    assert.deepEqual(
      run
        .childrenOf(run.one("test:supplychain:Scope"))
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      ["aws:kms/alias:Alias sc-signing-alias", "aws:kms/key:Key sc-signing"],
    );
  });

  test("ECC_NIST_P256 SIGN_VERIFY, no rotation (asymmetric keys cannot), 30-day deletion window, protected", () => {
    const key = run.named("sc-signing");
    const i = plain<Record<string, any>>(key.inputs);
    assert.equal(i.customerMasterKeySpec, "ECC_NIST_P256");
    assert.equal(i.keyUsage, "SIGN_VERIFY");
    assert.equal(i.enableKeyRotation, false);
    assert.equal(i.deletionWindowInDays, 30);
    assert.equal(i.multiRegion, false);
    assert.equal(i.bypassPolicyLockoutSafetyCheck, false);
    assert.deepEqual(i.tags, { team: "sec", Name: "rampart-prod-signing" });
    assert.equal(key.protect, true);
    assert.deepEqual(json(key.inputs.policy).Statement[1].Principal, { AWS: [CI, MM] });
  });

  test("the alias targets the key", () => {
    const alias = plain<Record<string, any>>(run.named("sc-signing-alias").inputs);
    assert.deepEqual(alias, { name: "alias/rampart/prod/signing", targetKeyId: "sc-signing-key-id" });
  });

  test("outputs: ARN, alias, the public key from KMS, cosign's awskms reference", () => {
    const arn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/sc-signing-key-id`;
    assert.deepEqual(outputs, {
      signingKeyArn: arn,
      signingKeyAlias: "alias/rampart/prod/signing",
      signingPublicKeyPem: MOCK_SIGNING_PUBLIC_KEY_PEM,
      cosignKeyRef: `awskms:///${arn}`,
    });
  });
});
