import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { ArgPath } from "../../components/shared/problems";
import { keyOf, valueAt } from "../../stacks/config/messages";
import {
  GRAFANA_CLIENT_SECRET_KEY,
  LOG_SHIPPER_KEYS,
  logShipperArgsOf,
  type KeyMap,
  mapLines,
  MONITORING_KEYS,
  monitoringArgsOf,
  parseConfig,
  PRIVACY_KEYS,
  privacyArgsOf,
  siemArgsOf,
  siemKeys,
} from "../../stacks/config";
import { flattenConfig, stackConfig, type StackName, unwrap } from "../helpers/harness";

/**
 * The Args mappers give SiemPipeline, LogShipper, SecurityMonitoring and PrivacyControls their
 * contracts' config-decided fields from the shipped config, and every problem a component reports on
 * those Args maps back to the `rampart:` key whose value it is.
 */

function load(stack: StackName, edit: (c: Record<string, any>) => void = () => undefined) {
  const raw = stackConfig(stack);
  edit(raw);
  return parseConfig(flattenConfig(raw), stack);
}

/** Every leaf of an Args object with its path (arrays by index); undefined leaves are skipped. */
function leaves(value: unknown, path: ArgPath = []): [ArgPath, unknown][] {
  if (value === undefined) return [];
  if (pulumi.Output.isInstance(value)) return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
}

/**
 * The property the key maps exist for: each config-decided Args value is the value at the `rampart:`
 * key its problems are reported under (`derived` lists the paths computed from a key, not copied).
 */
function assertEachLeafMapsToItsKey(
  args: object,
  map: KeyMap,
  config: object,
  derived: readonly string[] = [],
): void {
  for (const [path, value] of leaves(args)) {
    const key = map(path);
    if (typeof key === "string") {
      // A plain key is the stack's (a name, another component's output) or the secret's, never a value
      // of the typed config written as text.
      const secret = `rampart:${GRAFANA_CLIENT_SECRET_KEY}`;
      assert.ok(key === secret || !key.startsWith("rampart:"), `${keyOf(path)} maps to a plain key ${key}`);
      continue;
    }
    if (derived.includes(path.join("."))) continue;
    assert.deepEqual(valueAt(config, key), value, `${path.join(".")} -> ${keyOf(key)}`);
  }
}

describe("siemArgsOf", () => {
  test("prod's config gives SiemPipeline its contract's config-decided Args", () => {
    const c = load("prod");
    assert.deepEqual(siemArgsOf({ ...c, siem: c.siem! }, "rampart", "prod"), {
      namePrefix: "rampart-prod",
      logGroupPrefix: "/rampart/prod/",
      dashboardCidrs: ["172.16.0.0/16"],
      archive: {
        objectLockMode: "COMPLIANCE",
        objectLockDays: 365,
        expireAfterDays: 365,
        transitionToGlacierDays: undefined,
      },
      search: {
        engineVersion: "OpenSearch_3.3",
        instanceType: "r7g.large.search",
        instanceCount: 3,
        dedicatedMasters: { instanceType: "m7g.large.search", count: 3 },
        zoneAwareness: true,
        volumeSizeGiB: 200,
        // The indices hold application logs: they go with them, after 90 days.
        retentionDays: 90,
        adminPrincipalArns: ["arn:aws:iam::123456789012:role/rampart-security-admin"],
        saml: c.siem!.search.saml,
      },
      detection: { guardDuty: true, securityHub: true, config: true, alertMinSeverity: 7 },
      logRetentionDays: 365,
      alertEmails: ["security-alerts@example.com"],
      protect: true,
      tags: { project: "rampart", environment: "prod" },
    });
  });

  test("Dashboards admit no network unless dashboardsFromOperators", () => {
    const c = load("dev", (raw) => (raw["rampart:siem"].dashboardsFromOperators = false));
    assert.deepEqual(siemArgsOf({ ...c, siem: c.siem! }, "rampart", "dev").dashboardCidrs, []);
  });

  test("the indices keep the shorter of the application-log and audit-log windows", () => {
    const c = load("prod", (raw) => (raw["rampart:privacy"].retention.applicationLogsDays = 400));
    const args = siemArgsOf({ ...c, siem: c.siem! }, "rampart", "prod");
    assert.equal(args.search.retentionDays, 365);
    assert.equal(
      keyOf(siemKeys(c.privacy)(["search", "retentionDays"]) as ArgPath),
      "rampart:privacy.retention.auditLogsDays",
    );
  });

  for (const stack of ["dev", "prod"] as const)
    test(`${stack}: every Args value is the value at the key its problems name`, () => {
      const c = load(stack);
      assertEachLeafMapsToItsKey(
        siemArgsOf({ ...c, siem: c.siem! }, "rampart", stack),
        siemKeys(c.privacy),
        c,
      );
    });
});

describe("logShipperArgsOf", () => {
  test("Fluent Bit comes from the mirror, under /fluent; the shipper reaches the VPC only", () => {
    const c = load("prod");
    assert.deepEqual(logShipperArgsOf({ ...c, siem: c.siem! }), {
      chartVersion: "0.58.1",
      imageTag: "5.1.1",
      imageRepository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/fluent",
      vpcCidrs: ["10.50.0.0/16"],
      tags: { project: "rampart", environment: "prod" },
    });
  });

  test("without a mirror, the chart's own registry", () => {
    const c = load("dev", (raw) => delete raw["rampart:images"].mirror);
    assert.equal(logShipperArgsOf({ ...c, siem: c.siem! }).imageRepository, undefined);
  });

  test("every Args value is the value at the key its problems name (secondary CIDRs included)", () => {
    const c = load("dev", (raw) => (raw["rampart:network"].secondaryCidrs = ["100.64.0.0/16"]));
    const args = logShipperArgsOf({ ...c, siem: c.siem! });
    assert.deepEqual(args.vpcCidrs, ["10.40.0.0/16", "100.64.0.0/16"]);
    assertEachLeafMapsToItsKey(args, LOG_SHIPPER_KEYS, c, ["imageRepository"]);
  });
});

describe("monitoringArgsOf", () => {
  test("prod: metrics kept for the metrics window, Grafana's client secret read from the secret key", async () => {
    const c = load("prod");
    const read: string[] = [];
    const args = monitoringArgsOf({ ...c, siem: c.siem! }, (key) => {
      read.push(key);
      return pulumi.secret(`value of ${key}`);
    });
    assert.deepEqual(read, [GRAFANA_CLIENT_SECRET_KEY]);
    assert.equal(await unwrap(args.grafanaSso!.clientSecret), `value of ${GRAFANA_CLIENT_SECRET_KEY}`);
    assert.deepEqual(
      { ...args, grafanaSso: { ...args.grafanaSso, clientSecret: "(secret)" } },
      {
        chartVersion: "88.5.3",
        imageRegistry: "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror",
        inferenceNamespaces: ["llm-inference"],
        retentionDays: 30,
        storageSize: "50Gi",
        grafanaSso: { ...c.siem!.monitoring.grafanaSso, clientSecret: "(secret)" },
        thresholds: {
          authFailuresPerSecond: 1,
          authzDenialsPerSecond: 1,
          throttledPerSecond: 5,
          userSpikeFactor: 5,
          gpuSaturationPercent: 95,
        },
        tags: { project: "rampart", environment: "prod" },
      },
    );
  });

  test("dev has no Grafana SSO: no secret is read, and Grafana is not deployed", () => {
    const c = load("dev");
    const args = monitoringArgsOf({ ...c, siem: c.siem! }, () => assert.fail("no secret without SSO"));
    assert.equal(args.grafanaSso, undefined);
  });

  test("every Args value is the value at the key its problems name", () => {
    const c = load("prod");
    const args = monitoringArgsOf({ ...c, siem: c.siem! }, () => pulumi.secret("s"));
    assertEachLeafMapsToItsKey(args, MONITORING_KEYS, c);
  });
});

describe("privacyArgsOf", () => {
  test("prod: transcripts and application logs keep their classes' windows", () => {
    const c = load("prod");
    const args = privacyArgsOf(c, "rampart", "prod");
    assert.deepEqual(args, {
      namePrefix: "rampart-prod",
      logGroupPrefix: "/rampart/prod/",
      storeTranscripts: true,
      transcriptRetentionDays: 30,
      applicationLogRetentionDays: 90,
      auditLogRetentionDays: 365,
      consentGraceDays: 0,
      protect: true,
      tags: { project: "rampart", environment: "prod" },
    });
    assertEachLeafMapsToItsKey(args, PRIVACY_KEYS, c);
  });
});

describe("key maps: a component's problem names the rampart: key the user wrote", () => {
  const privacy = load("prod").privacy;
  const problem = (path: ArgPath) => ({ path, value: 1, message: "is wrong" });
  const cases: [string, KeyMap, ArgPath, string][] = [
    [
      "archive lock days",
      siemKeys(privacy),
      ["archive", "objectLockDays"],
      "rampart:siem.archive.objectLockDays",
    ],
    [
      "archive expiry",
      siemKeys(privacy),
      ["archive", "expireAfterDays"],
      "rampart:privacy.retention.auditLogsDays",
    ],
    [
      "pipeline log groups",
      siemKeys(privacy),
      ["logRetentionDays"],
      "rampart:privacy.retention.auditLogsDays",
    ],
    [
      "index retention",
      siemKeys(privacy),
      ["search", "retentionDays"],
      "rampart:privacy.retention.applicationLogsDays",
    ],
    [
      "a SAML group",
      siemKeys(privacy),
      ["search", "saml", "adminGroup"],
      "rampart:siem.search.saml.adminGroup",
    ],
    [
      "a Dashboards CIDR",
      siemKeys(privacy),
      ["dashboardCidrs", 0],
      "rampart:network.operatorNetworks[0].cidr",
    ],
    [
      "a detector",
      siemKeys(privacy),
      ["detection", "alertMinSeverity"],
      "rampart:siem.detection.alertMinSeverity",
    ],
    ["an alert e-mail", siemKeys(privacy), ["alertEmails", 0], "rampart:siem.alertEmails[0]"],
    ["the name prefix", siemKeys(privacy), ["namePrefix"], "the Pulumi stack name"],
    ["the VPC", siemKeys(privacy), ["vpcId"], "SiemPipeline vpcId (set by the stack)"],
    ["the shipper's chart", LOG_SHIPPER_KEYS, ["chartVersion"], "rampart:siem.logShipper.chartVersion"],
    ["the shipper's registry", LOG_SHIPPER_KEYS, ["imageRepository"], "rampart:images.mirror"],
    ["a secondary VPC CIDR", LOG_SHIPPER_KEYS, ["vpcCidrs", 2], "rampart:network.secondaryCidrs[1]"],
    ["the shipper's stream", LOG_SHIPPER_KEYS, ["streamArn"], "LogShipper streamArn (set by the stack)"],
    [
      "Grafana's client secret",
      MONITORING_KEYS,
      ["grafanaSso", "clientSecret"],
      "rampart:grafanaClientSecret",
    ],
    [
      "Grafana's root URL",
      MONITORING_KEYS,
      ["grafanaSso", "rootUrl"],
      "rampart:siem.monitoring.grafanaSso.rootUrl",
    ],
    [
      "a threshold",
      MONITORING_KEYS,
      ["thresholds", "userSpikeFactor"],
      "rampart:siem.monitoring.thresholds.userSpikeFactor",
    ],
    ["Prometheus's retention", MONITORING_KEYS, ["retentionDays"], "rampart:privacy.retention.metricsDays"],
    ["a scraped namespace", MONITORING_KEYS, ["inferenceNamespaces", 0], "rampart:namespaces[0].name"],
    [
      "the transcript window",
      PRIVACY_KEYS,
      ["transcriptRetentionDays"],
      "rampart:privacy.retention.transcriptsDays",
    ],
    [
      "the application-log window",
      PRIVACY_KEYS,
      ["applicationLogRetentionDays"],
      "rampart:privacy.retention.applicationLogsDays",
    ],
    ["the consent grace", PRIVACY_KEYS, ["consentGraceDays"], "rampart:privacy.consentGraceDays"],
    [
      "a writer role",
      PRIVACY_KEYS,
      ["writerRoleArns", 0],
      "PrivacyControls writerRoleArns[0] (set by the stack)",
    ],
    ["a tag", PRIVACY_KEYS, ["tags", "owner"], "rampart:tags.owner"],
  ];
  for (const [name, map, path, key] of cases)
    test(name, () => assert.deepEqual(mapLines([problem(path)], map), [`${key}: 1 is wrong`]));
});
