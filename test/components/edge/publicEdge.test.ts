import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { PublicEdge, type PublicEdgeArgs } from "../../../components/edge/publicEdge";
import { wafRules } from "../../../components/edge/publicEdge.logic";
import {
  type Captured,
  type CapturedResource,
  json,
  plain,
  runComponent,
  unwrap,
} from "../../helpers/harness";

/**
 * PublicEdge under Pulumi's mock runtime: exact children, and the security-relevant inputs of each.
 */

const ARGS: PublicEdgeArgs = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-ingress-a", "subnet-ingress-b"],
  securityGroupId: "sg-ingress",
  targetAutoScalingGroupNames: ["eks-system-a", pulumi.output("eks-system-b")],
  certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
  wafLogs: { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs", retentionDays: 365 },
  namePrefix: "rampart-dev",
  waf: { keyHeader: "x-api-key" },
  tags: { team: "ml" },
};
/** What the mock cloud answers for the target group's ARN. */
const TARGET_GROUP_ARN = "arn:aws:lb:us-east-1:123456789012:targetGroup/edge-gateway";
const input = (r: CapturedResource) => plain<Record<string, any>>(r.inputs);

describe("PublicEdge", () => {
  let run: Captured;
  let outputs: Record<string, unknown>;
  before(async () => {
    run = await runComponent(async () => {
      const edge = new PublicEdge("edge", ARGS);
      outputs = {
        loadBalancerArn: await unwrap(edge.loadBalancerArn),
        dnsName: await unwrap(edge.dnsName),
        webAclArn: await unwrap(edge.webAclArn),
        wafLogGroupName: await unwrap(edge.wafLogGroupName),
        accessLogBucketName: await unwrap(edge.accessLogBucketName),
      };
    });
  });

  test("registers exactly the expected children, all parented to the component", () => {
    const edge = run.one("rampart:edge:PublicEdge", "edge");
    assert.deepEqual(
      run
        .descendantsOf(edge)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "aws:autoscaling/attachment:Attachment edge-gateway-asg-0",
        "aws:autoscaling/attachment:Attachment edge-gateway-asg-1",
        "aws:cloudwatch/logGroup:LogGroup edge-waf-logs",
        "aws:lb/listener:Listener edge-http-redirect",
        "aws:lb/listener:Listener edge-https",
        "aws:lb/loadBalancer:LoadBalancer edge-alb",
        "aws:lb/targetGroup:TargetGroup edge-gateway",
        "aws:s3/bucket:Bucket edge-access-logs",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration edge-access-logs-lifecycle",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls edge-access-logs-ownership",
        "aws:s3/bucketPolicy:BucketPolicy edge-access-logs-policy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock edge-access-logs-public-access",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration edge-access-logs-encryption",
        "aws:s3/bucketVersioning:BucketVersioning edge-access-logs-versioning",
        "aws:wafv2/webAcl:WebAcl edge-waf",
        "aws:wafv2/webAclAssociation:WebAclAssociation edge-waf-association",
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration edge-waf-logging",
      ],
    );
    assert.ok(run.descendantsOf(edge).every((r) => r.parent === edge.urn));
  });

  test("load balancer: internet-facing in the ingress tier, invalid headers dropped, strictest desync, WAF fail-closed, logs on", () => {
    const lb = run.named("edge-alb");
    const i = input(lb);
    assert.deepEqual(
      [i.name, i.loadBalancerType, i.internal, i.subnets, i.securityGroups],
      ["rampart-dev", "application", false, ["subnet-ingress-a", "subnet-ingress-b"], ["sg-ingress"]],
    );
    assert.equal(i.dropInvalidHeaderFields, true);
    assert.equal(i.desyncMitigationMode, "strictest");
    assert.equal(i.enableWafFailOpen, false);
    assert.equal(i.enableDeletionProtection, true);
    assert.ok(i.idleTimeout >= 300, "long enough for a streamed generation's first token");
    // The mock cloud names the bucket `<resource>-bucket` (a real one gets the bucketPrefix and a suffix).
    // The provider names a bucketPrefix bucket `<prefix><26 characters>` (the mock does the same).
    assert.deepEqual(i.accessLogs, {
      bucket: "rampart-dev-alb-logs-20261202000000000000000001",
      prefix: "alb",
      enabled: true,
    });
    assert.ok(
      lb.dependencies.includes(run.named("edge-access-logs-policy").urn),
      "the bucket policy exists first",
    );
  });

  test("target group: instance targets on the gateway's HTTPS node port, health on its status node port", () => {
    const tg = input(run.named("edge-gateway"));
    assert.deepEqual([tg.targetType, tg.protocol, tg.port, tg.vpcId], ["instance", "HTTPS", 30443, "vpc-1"]);
    assert.deepEqual(
      [tg.healthCheck.protocol, tg.healthCheck.port, tg.healthCheck.path, tg.healthCheck.matcher],
      ["HTTP", "30021", "/healthz/ready", "200"],
    );
    const attachments = run.ofType("aws:autoscaling/attachment:Attachment").map(input);
    assert.deepEqual(
      attachments.map((a) => [a.autoscalingGroupName, a.lbTargetGroupArn]),
      [
        ["eks-system-a", TARGET_GROUP_ARN],
        ["eks-system-b", TARGET_GROUP_ARN],
      ],
    );
  });

  test("listeners: HTTPS 443 with the TLS 1.2+ policy and the certificate; HTTP 80 only redirects", () => {
    const https = input(run.named("edge-https"));
    assert.deepEqual(
      [https.port, https.protocol, https.sslPolicy, https.certificateArn],
      [443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06", ARGS.certificateArn],
    );
    assert.deepEqual(https.defaultActions, [
      {
        type: "forward",
        targetGroupArn: input(run.ofType("aws:autoscaling/attachment:Attachment")[0]!).lbTargetGroupArn,
      },
    ]);
    const http = input(run.named("edge-http-redirect"));
    assert.deepEqual([http.port, http.protocol, http.sslPolicy], [80, "HTTP", undefined]);
    assert.deepEqual(http.defaultActions, [
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
    // No listener forwards plain HTTP anywhere.
    for (const l of run.ofType("aws:lb/listener:Listener").map(input))
      if (l.protocol === "HTTP") assert.ok(l.defaultActions.every((a: any) => a.type === "redirect"));
  });

  test("access-log bucket: SSE-S3, public access blocked, owner enforced, versioned, expiring, ELB-only writes over TLS", () => {
    assert.deepEqual(input(run.named("edge-access-logs-encryption")).rules, [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    const pab = input(run.named("edge-access-logs-public-access"));
    assert.deepEqual(
      [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
      [true, true, true, true],
    );
    assert.deepEqual(input(run.named("edge-access-logs-ownership")).rule, {
      objectOwnership: "BucketOwnerEnforced",
    });
    assert.deepEqual(input(run.named("edge-access-logs-versioning")).versioningConfiguration, {
      status: "Enabled",
    });
    const [rule] = input(run.named("edge-access-logs-lifecycle")).rules;
    assert.deepEqual(
      [rule.status, rule.expiration, rule.noncurrentVersionExpiration],
      ["Enabled", { days: 90 }, { noncurrentDays: 1 }],
    );
    assert.equal(input(run.named("edge-access-logs")).bucketPrefix, "rampart-dev-alb-logs-");
    const policy = json(run.named("edge-access-logs-policy").inputs.policy);
    assert.deepEqual(policy.Statement[0].Principal, { AWS: "arn:aws:iam::127311923021:root" });
    assert.match(policy.Statement[0].Resource, /\/alb\/AWSLogs\/123456789012\/\*$/);
    assert.deepEqual(policy.Statement[1].Condition, { Bool: { "aws:SecureTransport": "false" } });
  });

  test("WAF: regional, default allow, the rules from publicEdge.logic, associated with the load balancer", () => {
    const acl = input(run.named("edge-waf"));
    assert.deepEqual([acl.scope, acl.defaultAction], ["REGIONAL", { allow: {} }]);
    assert.deepEqual(acl.visibilityConfig, {
      cloudwatchMetricsEnabled: true,
      metricName: "rampart-dev-edge",
      sampledRequestsEnabled: true,
    });
    assert.deepEqual(acl.rules, plain(wafRules(ARGS.waf)));
    const assoc = input(run.named("edge-waf-association"));
    assert.deepEqual([assoc.resourceArn, assoc.webAclArn], [outputs.loadBalancerArn, outputs.webAclArn]);
  });

  test("WAF logs: aws-waf-logs-<prefix>, encrypted with the logs key, retained, tokens and keys redacted", () => {
    const group = input(run.named("edge-waf-logs"));
    assert.deepEqual(
      [group.name, group.kmsKeyId, group.retentionInDays],
      ["aws-waf-logs-rampart-dev", ARGS.wafLogs.kmsKeyArn, 365],
    );
    const logging = input(run.named("edge-waf-logging"));
    assert.deepEqual(logging.logDestinationConfigs, [
      "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-rampart-dev",
    ]);
    assert.equal(logging.resourceArn, outputs.webAclArn);
    assert.deepEqual(logging.redactedFields, [
      { singleHeader: { name: "authorization" } },
      { singleHeader: { name: "x-api-key" } },
    ]);
  });

  test("outputs", () => {
    assert.equal(outputs.wafLogGroupName, "aws-waf-logs-rampart-dev");
    assert.equal(outputs.accessLogBucketName, "rampart-dev-alb-logs-20261202000000000000000001");
    // ELB's ARN names the load balancer by its name (`namePrefix`), as the mock cloud answers it.
    assert.match(String(outputs.loadBalancerArn), /:loadbalancer\/app\/rampart-dev\/[0-9a-f]+$/);
    assert.match(String(outputs.dnsName), /^rampart-dev-\d+\.us-east-1\.elb\.amazonaws\.com$/);
  });
});

describe("PublicEdge with bad arguments", () => {
  test("throws once, every problem listed, before any child", async () => {
    let error: any;
    const run = await runComponent(() => {
      try {
        new PublicEdge("bad", {
          ...ARGS,
          namePrefix: "Bad Name",
          sslPolicy: "ELBSecurityPolicy-2016-08",
          waf: { maxBodyBytes: 100_000 },
        });
      } catch (err) {
        error = err;
      }
    });
    assert.ok(pulumi.RunError.isInstance(error));
    assert.match(
      error.message,
      /^PublicEdge bad: invalid arguments \(3 problems\):\n {2}- namePrefix: "Bad Name"/,
    );
    assert.match(
      error.message,
      /\n {2}- sslPolicy: "ELBSecurityPolicy-2016-08" is not an ELB policy limited to TLS 1\.2/,
    );
    assert.match(error.message, /\n {2}- waf\.maxBodyBytes: 100000 cannot be enforced at the edge/);
    assert.deepEqual(run.registered, []);
  });
});
