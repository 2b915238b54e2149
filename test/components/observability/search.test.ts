import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  OPENSEARCH_TLS_POLICY,
  validateSearchArgs,
} from "../../../components/observability/siemPipeline.search.logic";
import {
  type Captured,
  type CapturedResource,
  json,
  plain,
  runComponent,
  unwrap,
} from "../../helpers/harness";
import { createSubscriptions } from "../../../components/observability/siemPipeline.subscriptions";
import { ADMIN, ARCHIVE, buildSearchTier, KEY, SEARCH, TestParent } from "./searchFixture";

/**
 * The SIEM search tier's builders under Pulumi's mocks: the domain's security inputs, its group's exact
 * rules, the streams' encryption, VPC delivery and backup, the subscription role's trust and reach.
 */

const input = (r: CapturedResource) => plain<Record<string, any>>(r.inputs);

describe("SiemPipeline search tier", () => {
  let run: Captured;
  let outputs: Record<string, unknown>;
  before(async () => {
    run = await runComponent(async () => {
      const t = buildSearchTier({ dashboardCidrs: ["10.200.0.0/16"] });
      outputs = {
        domainArn: await unwrap(t.firehose.domainArn),
        shipperStreamName: await unwrap(t.firehose.shipperStreamName),
        firehoseRoleArn: await unwrap(t.firehose.firehoseRoleArn),
        sgs: await unwrap(t.network.domainSecurityGroupId),
      };
    });
  });

  test("the domain: VPC only, siem key, node-to-node, HTTPS with TLS 1.2 PFS, FGAC with an IAM master and no internal users", () => {
    const d = input(run.one("aws:opensearch/domain:Domain"));
    assert.equal(d.domainName, "rampart-dev-siem");
    assert.deepEqual(d.encryptAtRest, { enabled: true, kmsKeyId: KEY });
    assert.deepEqual(d.nodeToNodeEncryption, { enabled: true });
    assert.deepEqual(d.domainEndpointOptions, {
      enforceHttps: true,
      tlsSecurityPolicy: OPENSEARCH_TLS_POLICY,
    });
    assert.equal(OPENSEARCH_TLS_POLICY, "Policy-Min-TLS-1-2-PFS-2023-10");
    assert.deepEqual(d.advancedSecurityOptions, {
      enabled: true,
      anonymousAuthEnabled: false,
      internalUserDatabaseEnabled: false,
      masterUserOptions: { masterUserArn: "arn:aws:iam::123456789012:role/rampart-dev-siem-search-master" },
    });
    assert.deepEqual(d.vpcOptions.securityGroupIds, ["siem-search-sg-id"]);
    assert.deepEqual(d.vpcOptions.subnetIds, ["net-logging-us-east-1a-id", "net-logging-us-east-1b-id"]);
    assert.deepEqual(d.ebsOptions, { ebsEnabled: true, volumeType: "gp3", volumeSize: 100 });
    assert.equal(d.clusterConfig.zoneAwarenessEnabled, true);
    assert.deepEqual(d.clusterConfig.zoneAwarenessConfig, { availabilityZoneCount: 2 });
    assert.equal(d.clusterConfig.dedicatedMasterCount, 3);
    assert.deepEqual(d.softwareUpdateOptions, { autoSoftwareUpdateEnabled: false });
    assert.deepEqual(
      d.logPublishingOptions.map((o: any) => [o.logType, o.enabled, o.cloudwatchLogGroupArn]),
      [
        [
          "AUDIT_LOGS",
          true,
          "arn:aws:logs:us-east-1:123456789012:log-group:/rampart/dev/siem/opensearch/audit",
        ],
        [
          "ES_APPLICATION_LOGS",
          true,
          "arn:aws:logs:us-east-1:123456789012:log-group:/rampart/dev/siem/opensearch/error",
        ],
        [
          "INDEX_SLOW_LOGS",
          true,
          "arn:aws:logs:us-east-1:123456789012:log-group:/rampart/dev/siem/opensearch/index-slow",
        ],
        [
          "SEARCH_SLOW_LOGS",
          true,
          "arn:aws:logs:us-east-1:123456789012:log-group:/rampart/dev/siem/opensearch/search-slow",
        ],
      ],
    );
    assert.equal(run.one("aws:opensearch/domain:Domain").protect, true);
  });

  test("the domain policy admits only our account's principals, on this domain's HTTP actions", () => {
    const policy = json(run.one("aws:opensearch/domain:Domain").inputs.accessPolicies);
    assert.deepEqual(
      policy.Statement.map((s: any) => [s.Principal, s.Resource]),
      [
        [
          { AWS: "arn:aws:iam::123456789012:root" },
          "arn:aws:es:us-east-1:123456789012:domain/rampart-dev-siem/*",
        ],
      ],
    );
    assert.ok(policy.Statement[0].Action.every((a: string) => a.startsWith("es:ESHttp")));
  });

  test("the master role: administrators with MFA, and Lambda of this account only", () => {
    const trust = json(run.one("aws:iam/role:Role", "siem-search-master").inputs.assumeRolePolicy);
    assert.deepEqual(trust.Statement, [
      {
        Sid: "BootstrapFunction",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
      {
        Sid: "AdministratorsWithMfa",
        Effect: "Allow",
        Principal: { AWS: [ADMIN] },
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
      },
    ]);
  });

  test("the domain's log groups use the siem key; es.amazonaws.com may write only to them, for this domain", () => {
    const groups = run
      .ofType("aws:cloudwatch/logGroup:LogGroup")
      .map(input)
      .filter((g) => String(g.name).startsWith("/rampart/dev/siem/"));
    assert.equal(groups.length, 7); // four domain groups, Firehose errors, the bootstrap, the forwarder
    assert.ok(groups.every((g) => g.kmsKeyId === KEY && g.retentionInDays === 90));
    const doc = json(run.one("aws:cloudwatch/logResourcePolicy:LogResourcePolicy").inputs.policyDocument);
    assert.equal(doc.Statement.length, 1);
    assert.deepEqual(doc.Statement[0].Principal, { Service: "es.amazonaws.com" });
    assert.equal(doc.Statement[0].Resource.length, 4);
    assert.ok(
      doc.Statement[0].Resource.every((r: string) => r.includes(":log-group:/rampart/dev/siem/opensearch/")),
    );
    assert.deepEqual(doc.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:es:us-east-1:123456789012:domain/rampart-dev-siem" },
    });
  });

  test("the domain's group: 443 from Firehose, the bootstrap and the operators only; the clients: 443 to it only", () => {
    const rules = [
      ...run.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
      ...run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
    ]
      .filter((r) => r.name.startsWith("siem-"))
      .map((r) => {
        const i = input(r);
        return `${r.type.includes("Ingress") ? "in" : "out"} ${i.securityGroupId} ${i.ipProtocol}/${i.fromPort}-${i.toPort} ${i.referencedSecurityGroupId ?? i.cidrIpv4}`;
      })
      .sort();
    assert.deepEqual(rules, [
      "in siem-search-sg-id tcp/443-443 10.200.0.0/16",
      "in siem-search-sg-id tcp/443-443 siem-firehose-sg-id",
      "in siem-search-sg-id tcp/443-443 siem-search-bootstrap-sg-id",
      "out siem-firehose-sg-id tcp/443-443 siem-search-sg-id",
      "out siem-search-bootstrap-sg-id tcp/443-443 siem-search-sg-id",
    ]);
    for (const name of ["siem-search-sg", "siem-firehose-sg", "siem-search-bootstrap-sg"]) {
      const g = input(run.one("aws:ec2/securityGroup:SecurityGroup", name));
      assert.equal(g.ingress, undefined, `${name} has no inline ingress`);
      assert.equal(g.egress, undefined, `${name} has no inline egress`);
    }
  });

  test("both streams: siem-key SSE, VPC delivery from the Firehose group, daily indices, failed documents to the archive", () => {
    const streams = run.ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream").map(input);
    assert.deepEqual(streams.map((s) => s.name).sort(), [
      "rampart-dev-siem-cloudwatch",
      "rampart-dev-siem-shipper",
    ]);
    for (const s of streams) {
      assert.equal(s.destination, "opensearch");
      assert.deepEqual(s.serverSideEncryption, {
        enabled: true,
        keyType: "CUSTOMER_MANAGED_CMK",
        keyArn: KEY,
      });
      const o = s.opensearchConfiguration;
      assert.equal(o.domainArn, outputs.domainArn);
      assert.equal(o.indexRotationPeriod, "OneDay");
      assert.equal(o.s3BackupMode, "FailedDocumentsOnly");
      assert.equal(o.s3Configuration.bucketArn, ARCHIVE);
      assert.equal(o.s3Configuration.kmsKeyArn, KEY);
      assert.match(o.s3Configuration.prefix, /^opensearch-failed\/(shipper|cloudwatch)\/$/);
      assert.deepEqual(o.vpcConfig.securityGroupIds, ["siem-firehose-sg-id"]);
      assert.deepEqual(o.vpcConfig.subnetIds, ["net-logging-us-east-1a-id", "net-logging-us-east-1b-id"]);
      assert.equal(o.roleArn, outputs.firehoseRoleArn);
      assert.equal(o.cloudwatchLoggingOptions.enabled, true);
      assert.equal(o.cloudwatchLoggingOptions.logGroupName, "/rampart/dev/siem/firehose");
    }
  });

  test("the Firehose role: trusted by Firehose for our account; backup writes only under its prefix, key only through S3", () => {
    const trust = json(run.one("aws:iam/role:Role", "siem-firehose").inputs.assumeRolePolicy);
    assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "sts:ExternalId": "123456789012" } });
    const policy = json(run.one("aws:iam/rolePolicy:RolePolicy", "siem-firehose-delivery").inputs.policy);
    const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
    assert.equal(bySid.BackUpFailedDocuments.Resource, `${ARCHIVE}/opensearch-failed/*`);
    assert.deepEqual(bySid.SiemKeyThroughS3.Condition.StringEquals, {
      "kms:ViaService": "s3.us-east-1.amazonaws.com",
    });
    assert.deepEqual(bySid.WriteToTheDomain.Resource, [outputs.domainArn, `${String(outputs.domainArn)}/*`]);
    assert.ok(!JSON.stringify(policy).includes('"es:*"'));
  });

  test("one subscription filter per source log group, into the forwarder, which CloudWatch Logs may invoke for that group only", () => {
    const filters = run.ofType("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter").map(input);
    assert.deepEqual(
      filters.map((f) => f.logGroup),
      ["/aws/eks/rampart-dev/cluster", "/rampart/dev/vpc/flow-logs"],
    );
    const fn = run.one("aws:lambda/function:Function", "siem-forwarder");
    const forwarderArn = "arn:aws:lambda:us-east-1:123456789012:function/siem-forwarder";
    assert.ok(filters.every((f) => f.destinationArn === forwarderArn && f.roleArn === undefined));
    assert.equal(input(fn).vpcConfig, undefined, "the forwarder talks to Firehose's API, not into the VPC");
    assert.deepEqual(input(fn).environment, { variables: { STREAM_NAME: "rampart-dev-siem-cloudwatch" } });
    const permissions = run.ofType("aws:lambda/permission:Permission").map(input);
    assert.deepEqual(
      permissions.map((p) => [p.principal, p.action, p.sourceAccount, p.sourceArn]),
      [
        [
          "logs.amazonaws.com",
          "lambda:InvokeFunction",
          "123456789012",
          "arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/rampart-dev/cluster:*",
        ],
        [
          "logs.amazonaws.com",
          "lambda:InvokeFunction",
          "123456789012",
          "arn:aws:logs:us-east-1:123456789012:log-group:/rampart/dev/vpc/flow-logs:*",
        ],
      ],
    );
    const policy = json(run.one("aws:iam/rolePolicy:RolePolicy", "siem-forwarder-put").inputs.policy);
    assert.deepEqual(
      policy.Statement[0].Resource,
      "arn:aws:kinesis:us-east-1:123456789012:firehoseDeliveryStream/siem-cloudwatch-stream",
    );
  });

  test("the forwarder's own log group cannot be a source (it would forward itself)", async () => {
    await assert.rejects(
      runComponent(() => {
        const scope = new TestParent("p");
        createSubscriptions(scope, "x", {
          namePrefix: "rampart-dev",
          logGroupPrefix: "/rampart/dev/",
          siemKeyArn: KEY,
          sourceLogGroupNames: ["/rampart/dev/siem/forwarder"],
          cloudwatchStreamName: "s",
          cloudwatchStreamArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/s",
          logRetentionDays: 90,
          tags: {},
        });
      }),
      /sourceLogGroupNames\[0\]: "\/rampart\/dev\/siem\/forwarder" is the forwarder's own log group/,
    );
  });

  test("the bootstrap: Node.js 22 in the logging subnets with its own group, as the master role, invoked with its requests", () => {
    const fn = input(run.one("aws:lambda/function:Function", "siem-search-bootstrap"));
    assert.equal(fn.runtime, "nodejs22.x");
    assert.equal(fn.role, "arn:aws:iam::123456789012:role/rampart-dev-siem-search-master");
    assert.deepEqual(fn.vpcConfig, {
      subnetIds: ["net-logging-us-east-1a-id", "net-logging-us-east-1b-id"],
      securityGroupIds: ["siem-search-bootstrap-sg-id"],
    });
    const inv = input(run.one("aws:lambda/invocation:Invocation"));
    const event = JSON.parse(inv.input);
    assert.equal(event.endpoint, "vpc-rampart-dev-siem-abcdefghijklmnop.us-east-1.es.amazonaws.com");
    const mapping = event.requests.find(
      (r: any) => r.path === "_plugins/_security/api/rolesmapping/rampart_log_writer",
    );
    assert.deepEqual(mapping.body.backend_roles, [outputs.firehoseRoleArn]);
    assert.match(inv.triggers.requests, /^[0-9a-f]{64}$/);
    // The invocation waits for the security-group rules that open its path to the domain.
    const deps = run.one("aws:lambda/invocation:Invocation").dependencies ?? [];
    assert.ok(
      deps.some((d: string) => d.endsWith("::siem-search-sg-from-bootstrap")),
      JSON.stringify(deps),
    );
  });

  test("bad arguments: every problem named at once", () => {
    const problems = validateSearchArgs({
      namePrefix: "Rampart_Prod",
      logGroupPrefix: "/rampart/prod/",
      dashboardCidrs: ["0.0.0.0/0", "10.1.2.3"],
      search: { ...SEARCH, instanceCount: 3, volumeSizeGiB: 5, engineVersion: "2.19" },
      logRetentionDays: 10,
      zoneCount: 2,
    }).map((p) => `${p.path.join(".")}: ${p.message.split(" (")[0]}`);
    assert.deepEqual(problems, [
      'namePrefix: gives the domain name "Rampart_Prod-siem", which OpenSearch refuses',
      "search.engineVersion: is not an OpenSearch engine",
      "search.instanceCount: is not a multiple of the 2 zones",
      "search.volumeSizeGiB: is not a gp3 volume size",
      "dashboardCidrs.0: opens Dashboards to every address",
      "dashboardCidrs.1: is not an IPv4 CIDR",
      "logRetentionDays: is not a CloudWatch Logs retention period",
    ]);
  });
});
