import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  ADMIN_ACTIONS,
  DATA_CLASSES,
  keyPolicy,
  validateKeyRingArgs,
  wildcardPrincipalProblems,
} from "../../../components/security/keyRing.logic";
import { KeyRing } from "../../../components/security/keyRing";
import { type Captured, json, plain, runComponent, runStackOk } from "../../helpers/harness";
import { formatProblem } from "../../../components/shared/problems";

const ACCOUNT = "123456789012";
const ctx = {
  partition: "aws",
  accountId: ACCOUNT,
  region: "us-east-1",
  logGroupPrefixes: ["/rampart/prod/"],
  grantAutoScalingServiceLinkedRole: true,
  namePrefix: "rampart-prod",
};

describe("key policies (pure)", () => {
  for (const dataClass of DATA_CLASSES) {
    test(`${dataClass}: administered by the account, used only through its services, no wildcard principal`, () => {
      const doc = keyPolicy(dataClass, ctx);
      assert.deepEqual(wildcardPrincipalProblems(doc), []);
      const [admin, ...use] = doc.Statement;
      assert.deepEqual(admin, {
        Sid: "AccountIamAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: [...ADMIN_ACTIONS],
        Resource: "*",
      });
      assert.ok(!ADMIN_ACTIONS.some((a) => /Decrypt|Encrypt|GenerateDataKey|CreateGrant|\*/.test(a)));
      assert.ok(use.length > 0);
      for (const s of use) {
        assert.equal(s.Effect, "Allow");
        const named = [s.Principal.AWS ?? []]
          .flat()
          .every((p) => p.startsWith(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/`));
        // Every use statement is scoped by a condition unless it names one specific service-linked role.
        // EventBridge publishing to an encrypted topic sends no source keys to KMS (SNS guide), so its
        // statement is the one without a condition; it is limited to the publisher actions.
        const eventBridge =
          JSON.stringify(s.Principal) === JSON.stringify({ Service: "events.amazonaws.com" });
        if (eventBridge) assert.deepEqual(s.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
        else if (!named) assert.ok(s.Condition, `${dataClass}/${s.Sid} has no condition`);
        if (s.Principal.AWS === `arn:aws:iam::${ACCOUNT}:root`) {
          assert.equal(s.Condition!.StringEquals!["kms:CallerAccount"], ACCOUNT, `${s.Sid}`);
          // Vault's seal calls KMS itself (no service in between): its key names the one role instead.
          if (dataClass === "vault")
            assert.deepEqual(s.Condition!.ArnEquals, {
              "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/rampart-prod-vault-unseal`,
            });
          else assert.ok(s.Condition!.StringEquals!["kms:ViaService"], `${s.Sid}`);
        }
        const actions = [s.Action].flat();
        // Grants are for AWS resources only, except EKS's: EKS does not support that condition key
        // (https://docs.aws.amazon.com/eks/latest/userguide/create-cluster.html), so its grant is
        // scoped by kms:ViaService (eks only) and kms:CallerAccount.
        if (actions.includes("kms:CreateGrant")) {
          const viaEksOnly =
            JSON.stringify(s.Condition?.StringEquals?.["kms:ViaService"]) ===
            JSON.stringify(["eks.us-east-1.amazonaws.com"]);
          if (viaEksOnly) assert.equal(s.Condition!.Bool, undefined, `${s.Sid}`);
          else assert.deepEqual(s.Condition!.Bool, { "kms:GrantIsForAWSResource": "true" }, `${s.Sid}`);
        }
      }
    });
  }

  test("the services each key serves", () => {
    const via = (c: (typeof DATA_CLASSES)[number]) =>
      keyPolicy(c, ctx).Statement.flatMap((s) =>
        [s.Condition?.StringEquals?.["kms:ViaService"] ?? []].flat(),
      );
    assert.deepEqual(via("cluster"), ["eks.us-east-1.amazonaws.com", "eks.us-east-1.amazonaws.com"]);
    assert.deepEqual([...new Set(via("volumes"))], ["ec2.us-east-1.amazonaws.com"]);
    assert.deepEqual(
      [...new Set(via("models"))],
      ["s3.us-east-1.amazonaws.com", "ecr.us-east-1.amazonaws.com"],
    );
    assert.deepEqual([...new Set(via("backups"))], ["backup.us-east-1.amazonaws.com"]);
    const logs = keyPolicy("logs", ctx).Statement[1]!;
    assert.deepEqual(logs.Principal, { Service: "logs.us-east-1.amazonaws.com" });
    assert.deepEqual(logs.Condition, {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/rampart/prod/*`],
      },
    });
    const trail = keyPolicy("siem", ctx).Statement.find((s) => s.Sid === "CloudTrailEncryptsOurTrails")!;
    assert.deepEqual(trail.Condition, {
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
    });
  });

  test("the SIEM key lets our alarms and rules publish to its SNS topic, Config deliver, and our roles use SNS", () => {
    const siem = keyPolicy("siem", ctx).Statement;
    const sid = (id: string) => siem.find((s) => s.Sid === id);
    assert.deepEqual(sid("CloudWatchAlarmsPublishEncrypted"), {
      Sid: "CloudWatchAlarmsPublishEncrypted",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    });
    // No source condition for EventBridge: "Adding the aws:SourceAccount and aws:SourceArn to a AWS KMS
    // policy is not supported for EventBridge-to-encrypted topics" (SNS developer guide, key management).
    assert.deepEqual(sid("EventBridgePublishesEncrypted"), {
      Sid: "EventBridgePublishesEncrypted",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
    assert.deepEqual(sid("ConfigDeliversToArchive")?.Condition, {
      StringEquals: { "aws:SourceAccount": ACCOUNT },
    });
    assert.deepEqual(sid("ConfigDeliversToArchive")?.Principal, { Service: "config.amazonaws.com" });
    assert.deepEqual(sid("UseThroughS3OpenSearchFirehoseSns")?.Condition?.StringEquals?.["kms:ViaService"], [
      "s3.us-east-1.amazonaws.com",
      "es.us-east-1.amazonaws.com",
      "firehose.us-east-1.amazonaws.com",
      "sns.us-east-1.amazonaws.com",
    ]);
    // SNS is only a use path: no grants through it, and no other key admits these service principals.
    assert.deepEqual(sid("GrantsForOpenSearchFirehose")?.Condition?.StringEquals?.["kms:ViaService"], [
      "es.us-east-1.amazonaws.com",
      "firehose.us-east-1.amazonaws.com",
    ]);
    for (const c of DATA_CLASSES.filter((x) => x !== "siem")) {
      const text = JSON.stringify(keyPolicy(c, ctx));
      for (const service of ["cloudwatch.amazonaws.com", "events.amazonaws.com", "config.amazonaws.com"])
        assert.ok(!text.includes(service), `${c} admits ${service}`);
    }
  });

  test("the privacy key serves S3, DynamoDB (with grants) and CloudWatch Logs for our prefixes only", () => {
    const privacy = keyPolicy("privacy", ctx).Statement;
    assert.deepEqual(
      privacy.map((s) => s.Sid),
      [
        "AccountIamAdministers",
        "CloudWatchLogsForOurLogGroups",
        "UseThroughS3AndDynamoDb",
        "GrantsForDynamoDb",
      ],
    );
    assert.deepEqual(privacy[1]!.Condition, {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/rampart/prod/*`],
      },
    });
    assert.deepEqual(privacy[2]!.Condition!.StringEquals!["kms:ViaService"], [
      "s3.us-east-1.amazonaws.com",
      "dynamodb.us-east-1.amazonaws.com",
    ]);
    assert.deepEqual(privacy[3]!.Condition!.StringEquals!["kms:ViaService"], [
      "dynamodb.us-east-1.amazonaws.com",
    ]);
  });

  test("the vault key: only the unseal role, only the seal's three actions, no grants, no service", () => {
    const vault = keyPolicy("vault", ctx).Statement;
    assert.deepEqual(vault.slice(1), [
      {
        Sid: "VaultUnsealRoleOnly",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: ["kms:DescribeKey", "kms:Encrypt", "kms:Decrypt"],
        Resource: "*",
        Condition: {
          StringEquals: { "kms:CallerAccount": ACCOUNT },
          ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/rampart-prod-vault-unseal` },
        },
      },
    ]);
    // And no other key admits that role.
    for (const c of DATA_CLASSES.filter((x) => x !== "vault"))
      assert.ok(!JSON.stringify(keyPolicy(c, ctx)).includes("vault-unseal"), c);
    const { namePrefix: _omit, ...noPrefix } = ctx;
    assert.throws(() => keyPolicy("vault", noPrefix), /namePrefix is required/);
  });

  test("an edge's WAF log group is admitted to the logs key by its exact aws-waf-logs- name, and to no other key", () => {
    const withEdge = { ...ctx, edgeNamePrefixes: ["rampart-prod"] };
    const logs = keyPolicy("logs", withEdge).Statement.find(
      (s) => s.Sid === "CloudWatchLogsForOurLogGroups",
    )!;
    assert.deepEqual(logs.Condition, {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [
          `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/rampart/prod/*`,
          `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-waf-logs-rampart-prod*`,
        ],
      },
    });
    // Not every WAF log group of the account; and the SIEM key does not take WAF logs at all.
    const patterns = JSON.stringify(keyPolicy("siem", withEdge).Statement);
    assert.ok(!patterns.includes("aws-waf-logs"), "the SIEM key admits no WAF log group");
    assert.ok(!JSON.stringify(keyPolicy("logs", ctx)).includes("aws-waf-logs"), "none without an edge");
  });

  test("the Auto Scaling service-linked role can be left out of the volumes key", () => {
    const sids = keyPolicy("volumes", { ...ctx, grantAutoScalingServiceLinkedRole: false }).Statement.map(
      (s) => s.Sid,
    );
    assert.deepEqual(sids, ["AccountIamAdministers", "UseThroughEc2", "GrantsForEbs"]);
  });

  test("the wildcard check catches what it must", () => {
    const bad = {
      Version: "2012-10-17" as const,
      Statement: [
        {
          Sid: "Open",
          Effect: "Allow" as const,
          Principal: { AWS: "*" },
          Action: "kms:Decrypt",
          Resource: "*",
        },
        {
          Sid: "Svc",
          Effect: "Allow" as const,
          Principal: { Service: "logs.amazonaws.com" },
          Action: "kms:Decrypt",
          Resource: "*",
        },
        {
          Sid: "EventBridgeTooMuch",
          Effect: "Allow" as const,
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant"],
          Resource: "*",
        },
        {
          Sid: "EventBridgePublisher",
          Effect: "Allow" as const,
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
        },
        {
          Sid: "Scoped",
          Effect: "Allow" as const,
          Principal: { AWS: "*" },
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } },
        },
      ],
    };
    assert.deepEqual(wildcardPrincipalProblems(bad), [
      'Open: "*" principal without a scoping condition',
      "Svc: service principal logs.amazonaws.com without a scoping condition",
      "EventBridgeTooMuch: service principal events.amazonaws.com without a scoping condition",
    ]);
  });

  test("validateKeyRingArgs reports every problem, naming the field", () => {
    assert.deepEqual(
      validateKeyRingArgs({
        rotationPeriodDays: 30,
        deletionWindowDays: 31,
        stack: "a b",
        logGroupPrefixes: ["rampart"],
        edgeNamePrefixes: ["rampart-prod", "Rampart Prod"],
        namePrefix: "x".repeat(52),
      }).map((p) => formatProblem(p)),
      [
        "rotationPeriodDays: 30 is outside AWS's range (expected a whole number of days from 90 to 2560)",
        "deletionWindowDays: 31 is outside AWS's range (expected a whole number of days from 7 to 30)",
        'stack: "a b" cannot be part of a KMS alias (expected letters, digits, "/", "_" or "-")',
        'logGroupPrefixes[0]: "rampart" is not a log group name prefix (expected e.g. "/rampart/prod/", starting and ending with "/")',
        'edgeNamePrefixes[1]: "Rampart Prod" is not an edge name prefix (expected 2 to 24 lowercase letters, digits or -, starting with a letter, not ending with -, not starting with internal-)',
        `namePrefix: "${"x".repeat(52)}" cannot name the unseal role "<namePrefix>-vault-unseal" (expected letters, digits and +=,.@_- , at most 51 characters)`,
      ],
    );
    assert.deepEqual(validateKeyRingArgs({}), []);
  });
});

for (const stack of ["dev", "prod"] as const) {
  describe(`KeyRing and EBS default encryption in ${stack}`, () => {
    let run: Captured;
    before(async () => {
      run = await runStackOk(stack);
    });

    test("one rotating key per data class, with its alias, deletion window and protection from config", () => {
      const ring = run.one("rampart:security:KeyRing", "keys");
      // The KeyRing's keys (SupplyChain's asymmetric signing key is its own, tested there).
      const keys = run.ofType("aws:kms/key:Key").filter((k) => k.parent === ring.urn);
      assert.deepEqual(
        keys.map((k) => k.name),
        DATA_CLASSES.map((c) => `keys-${c}`),
      );
      for (const key of keys) {
        const i = plain<Record<string, any>>(key.inputs);
        assert.equal(key.parent, ring.urn);
        assert.equal(i.enableKeyRotation, true, key.name);
        assert.equal(i.rotationPeriodInDays, 365);
        assert.equal(i.deletionWindowInDays, stack === "prod" ? 30 : 7);
        assert.equal(i.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
        assert.equal(i.bypassPolicyLockoutSafetyCheck, false);
        assert.equal(key.protect, stack === "prod", `${key.name} protect`);
        assert.deepEqual(wildcardPrincipalProblems(json(i.policy)), [], key.name);
        for (const st of json(i.policy).Statement) {
          const principals = [st.Principal.AWS ?? [], st.Principal.Service ?? []].flat();
          assert.ok(principals.length > 0 && !principals.includes("*"), `${key.name} ${st.Sid}`);
        }
      }
      const aliases = run
        .ofType("aws:kms/alias:Alias")
        .filter((a) => a.parent === run.one("rampart:security:KeyRing", "keys").urn)
        .map((a) => plain<Record<string, any>>(a.inputs));
      assert.deepEqual(
        aliases.map((a) => [a.name, a.targetKeyId]),
        DATA_CLASSES.map((c) => [`alias/rampart/${stack}/${c}`, `keys-${c}-key-id`]),
      );
    });

    test("the logs key admits exactly the stack's log groups, this cluster's control-plane group and the edge's WAF group", () => {
      const policy = json(plain<Record<string, any>>(run.named("keys-logs").inputs).policy);
      assert.deepEqual(policy.Statement[1].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"], [
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/rampart/${stack}/*`,
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/eks/rampart-${stack}/*`,
        // WAF imposes the name prefix aws-waf-logs-; both stacks have an edge.
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-waf-logs-rampart-${stack}*`,
      ]);
    });

    test("account-wide EBS defaults belong to the stack config names as owner (prod), which never turns them off on delete", () => {
      const owned = run.ofType("rampart:security:EbsDefaultEncryption");
      if (stack === "dev") {
        // dev shares the account: it must not own (and on destroy reset) the account's defaults.
        assert.deepEqual(owned, []);
        assert.deepEqual(run.ofType("aws:ebs/encryptionByDefault:EncryptionByDefault"), []);
        return;
      }
      const component = run.one("rampart:security:EbsDefaultEncryption", "ebs-encryption");
      const byDefault = run.one(
        "aws:ebs/encryptionByDefault:EncryptionByDefault",
        "ebs-encryption-by-default",
      );
      const defaultKey = run.one("aws:ebs/defaultKmsKey:DefaultKmsKey", "ebs-encryption-default-key");
      assert.equal(byDefault.parent, component.urn);
      assert.equal(plain(byDefault.inputs.enabled), true);
      assert.equal(plain(defaultKey.inputs.keyArn), run.named("keys-volumes").outputs.arn);
      assert.ok(defaultKey.dependencies.includes(byDefault.urn));
      for (const r of [byDefault, defaultKey]) {
        assert.equal(r.retainOnDelete, true, `${r.name} is retained on delete`);
        assert.equal(r.protect, true, `${r.name} is protected`);
      }
    });

    test("the stack exports every key ARN", () => {
      assert.deepEqual(
        plain(run.outputs.keyArns),
        Object.fromEntries(
          DATA_CLASSES.map((c) => [c, `arn:aws:kms:us-east-1:${ACCOUNT}:key/keys-${c}-key-id`]),
        ),
      );
    });
  });
}

describe("KeyRing on its own", () => {
  test("invalid arguments throw once, before any child, listing every problem", async () => {
    await assert.rejects(
      runComponent(() => new KeyRing("bad", { rotationPeriodDays: 5000, deletionWindowDays: 1 })),
      (err: Error) => {
        assert.equal(
          err.message,
          "KeyRing bad: invalid arguments (2 problems):\n" +
            "  - rotationPeriodDays: 5000 is outside AWS's range (expected a whole number of days from 90 to 2560)\n" +
            "  - deletionWindowDays: 1 is outside AWS's range (expected a whole number of days from 7 to 30)",
        );
        return true;
      },
    );
  });

  test("defaults: protected, 365-day rotation, 30-day window, aliases under the stack name", async () => {
    const run = await runComponent(() => new KeyRing("ring"));
    const keys = run.ofType("aws:kms/key:Key");
    assert.equal(keys.length, DATA_CLASSES.length);
    for (const k of keys) {
      assert.equal(k.protect, true);
      assert.equal(plain(k.inputs.rotationPeriodInDays), 365);
      assert.equal(plain(k.inputs.deletionWindowInDays), 30);
    }
    assert.equal(plain(run.named("ring-volumes-alias").inputs.name), "alias/rampart/dev/volumes");
    // The vault key names the unseal role of <project>-<stack> by default.
    const vault = json(plain<Record<string, any>>(run.named("ring-vault").inputs).policy);
    assert.equal(
      vault.Statement[1].Condition.ArnEquals["aws:PrincipalArn"],
      `arn:aws:iam::${ACCOUNT}:role/rampart-dev-vault-unseal`,
    );
  });

  test("edgeNamePrefixes reach the logs key's policy", async () => {
    const run = await runComponent(() => new KeyRing("ring", { edgeNamePrefixes: ["rampart-dev"] }));
    const policy = json(plain<Record<string, any>>(run.named("ring-logs").inputs).policy);
    assert.ok(
      policy.Statement[1].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"].includes(
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:aws-waf-logs-rampart-dev*`,
      ),
    );
  });
});
