import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LOG_RETENTION_DAYS } from "../../components/shared/rules";
import { type StackName } from "../helpers/harness";
import { problemsOf } from "./configProblems";

/**
 * `rampart:siem`, `rampart:privacy` and the secret `rampart:grafanaClientSecret`: every bad value the
 * schema or the stack rules refuse gets one line naming the key, the value and what was expected; the
 * rules that tie the SIEM to the network and the secret; and what prod refuses. Each case is one
 * mutation of a shipped stack config, parsed as the program parses it (parseConfig registers nothing).
 */

const siem = (c: Record<string, any>) => c["rampart:siem"];
const privacy = (c: Record<string, any>) => c["rampart:privacy"];
const SECRET = "rampart:grafanaClientSecret";
const UNUSED_SECRET = `${SECRET}: (secret) is set but not used (expected only with rampart:siem.monitoring.grafanaSso and monitoring enabled)`;
const SSO = {
  issuer: "https://login.example.com/",
  authUrl: "https://login.example.com/oauth2/v1/authorize",
  tokenUrl: "https://login.example.com/oauth2/v1/token",
  apiUrl: "https://login.example.com/oauth2/v1/userinfo",
  clientId: "rampart-grafana",
  adminGroup: "admins",
  viewerGroup: "readers",
  rootUrl: "https://grafana.dev.example.com/",
};

const cases: [string, StackName, (c: Record<string, any>) => void, string[]][] = [
  // The schema: shape, types, enums, unknown keys.
  [
    "a typo in a search key",
    "dev",
    (c) => (siem(c).search.instanceCnt = 2),
    ['rampart:siem.search.instanceCnt: unknown key (did you mean "rampart:siem.search.instanceCount"?)'],
  ],
  [
    "a typo in a retention class",
    "dev",
    (c) => (privacy(c).retention.transcriptDays = 7),
    [
      'rampart:privacy.retention.transcriptDays: unknown key (did you mean "rampart:privacy.retention.transcriptsDays"?)',
    ],
  ],
  [
    "a typo in the secret's name",
    "dev",
    (c) => (c["rampart:grafanaClientSecrt"] = { secure: "v1:abc" }),
    ['rampart:grafanaClientSecrt: unknown key (did you mean "rampart:grafanaClientSecret"?)'],
  ],
  [
    "an Object Lock mode S3 does not have",
    "dev",
    (c) => (siem(c).archive.objectLockMode = "LEGAL_HOLD"),
    [
      'rampart:siem.archive.objectLockMode: "LEGAL_HOLD" is not allowed (expected one of "COMPLIANCE", "GOVERNANCE")',
    ],
  ],
  [
    "a dedicated master count without a quorum of 3 or 5",
    "dev",
    (c) => (siem(c).search.dedicatedMasters = { instanceType: "m7g.large.search", count: 2 }),
    ["rampart:siem.search.dedicatedMasters.count: 2 is not allowed (expected one of 3, 5)"],
  ],
  [
    "a node count as text",
    "dev",
    (c) => (siem(c).search.instanceCount = "three"),
    ['rampart:siem.search.instanceCount: "three" has the wrong type (expected number)'],
  ],
  [
    "a domain without an instance type",
    "dev",
    (c) => delete siem(c).search.instanceType,
    ["rampart:siem.search.instanceType: missing (expected string)"],
  ],
  [
    "a detector switch as text",
    "dev",
    (c) => (siem(c).detection.guardDuty = "on"),
    ['rampart:siem.detection.guardDuty: "on" has the wrong type (expected boolean)'],
  ],
  // Rules in every environment.
  [
    "a transcript retention CloudWatch Logs does not offer",
    "dev",
    (c) => (privacy(c).retention.transcriptsDays = 45),
    [
      `rampart:privacy.retention.transcriptsDays: 45 is not a CloudWatch Logs retention period (expected one of ${LOG_RETENTION_DAYS.join(", ")})`,
    ],
  ],
  [
    "an audit-log retention CloudWatch Logs does not offer",
    "dev",
    (c) => (privacy(c).retention.auditLogsDays = 100),
    [
      `rampart:privacy.retention.auditLogsDays: 100 is not a CloudWatch Logs retention period (expected one of ${LOG_RETENTION_DAYS.join(", ")})`,
    ],
  ],
  [
    "Dashboards for the operators when there is no operator network",
    "dev",
    (c) => (c["rampart:network"].operatorNetworks = []),
    [
      "rampart:siem.dashboardsFromOperators: true admits no one: rampart:network.operatorNetworks is empty (expected an operator network, or false)",
    ],
  ],
  [
    "zone awareness with data nodes that do not divide over the zones",
    "dev",
    (c) => {
      siem(c).search.zoneAwareness = true;
      siem(c).search.instanceCount = 3;
    },
    [
      "rampart:siem.search.instanceCount: 3 is not a multiple of the domain's 2 zones (expected 2, 4, ...: zone awareness spreads the data nodes evenly)",
    ],
  ],
  [
    "Grafana SSO without its client secret",
    "dev",
    (c) => (siem(c).monitoring = { grafanaSso: SSO }),
    [
      `${SECRET}: missing (expected Grafana's OAuth client secret with rampart:siem.monitoring.grafanaSso: pulumi config set --secret ${SECRET} <secret>)`,
    ],
  ],
  ["a client secret without Grafana SSO", "dev", (c) => (c[SECRET] = { secure: "v1:abc" }), [UNUSED_SECRET]],
  [
    "a client secret with SSO but monitoring off",
    "dev",
    (c) => {
      siem(c).monitoring = { enabled: false, grafanaSso: SSO };
      c[SECRET] = { secure: "v1:abc" };
    },
    [UNUSED_SECRET],
  ],
  // What prod refuses.
  [
    "GOVERNANCE Object Lock in prod",
    "prod",
    (c) => (siem(c).archive.objectLockMode = "GOVERNANCE"),
    [
      'rampart:siem.archive.objectLockMode: "GOVERNANCE" must be "COMPLIANCE" in prod (GOVERNANCE lets privileged principals delete or shorten locked audit evidence)',
    ],
  ],
  [
    "an archive lock shorter than the legal minimum in prod",
    "prod",
    (c) => (siem(c).archive.objectLockDays = 90),
    [
      "rampart:siem.archive.objectLockDays: 90 is below the legal minimum for audit logs in prod (expected at least rampart:privacy.legalMinimumDays.auditLogsDays, 365)",
    ],
  ],
  [
    "detectors off in prod",
    "prod",
    (c) => {
      siem(c).detection.guardDuty = false;
      siem(c).detection.config = false;
    },
    [
      "rampart:siem.detection.guardDuty: false must be true in prod (detectors cannot be off in prod)",
      "rampart:siem.detection.config: false must be true in prod (detectors cannot be off in prod)",
    ],
  ],
  [
    "a one-zone domain without dedicated masters in prod",
    "prod",
    (c) => {
      siem(c).search.zoneAwareness = false;
      delete siem(c).search.dedicatedMasters;
    },
    [
      "rampart:siem.search.zoneAwareness: false must be true in prod (the domain survives the loss of a zone)",
      "rampart:siem.search.dedicatedMasters: missing (expected {instanceType, count: 3} in prod: dedicated masters keep the cluster's quorum off the loaded data nodes)",
    ],
  ],
  [
    "data nodes that do not divide over prod's three zones",
    "prod",
    (c) => (siem(c).search.instanceCount = 4),
    [
      "rampart:siem.search.instanceCount: 4 is not a multiple of the domain's 3 zones (expected 3, 6, ...: zone awareness spreads the data nodes evenly)",
    ],
  ],
  [
    "retention below the configured legal minimum in prod",
    "prod",
    (c) => {
      privacy(c).legalMinimumDays.transcriptsDays = 90;
      privacy(c).retention.auditLogsDays = 180;
    },
    [
      // The archive's lock (365 days) would now outlive its objects: SiemPipeline says so too.
      "rampart:siem.archive.objectLockDays: 365 exceeds archive.expireAfterDays (180): objects would expire while locked (expected at most 180)",
      "rampart:privacy.retention.transcriptsDays: 30 is below the legal minimum of 90 days (rampart:privacy.legalMinimumDays.transcriptsDays)",
      "rampart:privacy.retention.auditLogsDays: 180 is below the legal minimum of 365 days (rampart:privacy.legalMinimumDays.auditLogsDays)",
    ],
  ],
  [
    "the cluster's audit log kept less than the legal minimum for audit logs in prod",
    "prod",
    (c) => (privacy(c).legalMinimumDays.auditLogsDays = 400),
    [
      "rampart:privacy.retention.auditLogsDays: 365 is below the legal minimum of 400 days (rampart:privacy.legalMinimumDays.auditLogsDays)",
      "rampart:logging.retentionDays: 365 is below the legal minimum for audit logs (rampart:privacy.legalMinimumDays.auditLogsDays, 400): the EKS audit log, flow logs and WAF logs are audit logs",
      "rampart:siem.archive.objectLockDays: 365 is below the legal minimum for audit logs in prod (expected at least rampart:privacy.legalMinimumDays.auditLogsDays, 400)",
    ],
  ],
  [
    "no alert subscriber in prod",
    "prod",
    (c) => (siem(c).alertEmails = []),
    [
      "rampart:siem.alertEmails: [] is empty: prod needs a subscriber to the alert topic (expected at least one e-mail address)",
    ],
  ],
  [
    "the log shipper off in prod",
    "prod",
    (c) => (siem(c).logShipper = { enabled: false }),
    [
      "rampart:siem.logShipper.enabled: false must be true in prod (prod masks personal data in logs on the node and ships them to the SIEM)",
    ],
  ],
  [
    "monitoring off in prod (its secret is then unused)",
    "prod",
    (c) => (siem(c).monitoring.enabled = false),
    [
      UNUSED_SECRET,
      "rampart:siem.monitoring.enabled: false must be true in prod (prod alerts on the mesh's security signals)",
    ],
  ],
  [
    "monitoring without Grafana SSO in prod",
    "prod",
    (c) => {
      delete siem(c).monitoring.grafanaSso;
      delete c[SECRET];
    },
    [
      "rampart:siem.monitoring.grafanaSso: missing (expected Grafana's SSO in prod: without it there is no Grafana, and no security dashboard)",
    ],
  ],
  [
    "no SIEM in prod",
    "prod",
    (c) => {
      delete c["rampart:siem"];
      delete c[SECRET];
    },
    [
      "rampart:siem: missing (expected the SIEM pipeline in prod: prod records every authentication, configuration change and finding centrally)",
      // Break-glass's every use is alarmed through the SIEM's trail and topic (rampart:access).
      "rampart:access.roles.break-glass: needs the SIEM (expected rampart:siem enabled: every use of break-glass is caught on the trail's log group and published to the alert topic)",
    ],
  ],
  [
    "the SIEM switched off in prod",
    "prod",
    (c) => {
      siem(c).enabled = false;
      delete c[SECRET];
    },
    [
      "rampart:siem.enabled: false must be true in prod (prod records every authentication, configuration change and finding centrally)",
      // Break-glass's every use is alarmed through the SIEM's trail and topic (rampart:access).
      "rampart:access.roles.break-glass: needs the SIEM (expected rampart:siem enabled: every use of break-glass is caught on the trail's log group and published to the alert topic)",
    ],
  ],
  [
    "a SIEM section the schema refuses is reported once (not again as missing, nor its secret as unused)",
    "prod",
    (c) => (siem(c).enabled = "yes"),
    ['rampart:siem.enabled: "yes" has the wrong type (expected boolean)'],
  ],
];

describe("rampart:siem and rampart:privacy: one line per problem, with key, value and expectation", () => {
  for (const [name, stack, edit, expected] of cases) {
    test(name, () => assert.deepEqual(problemsOf(stack, edit), expected));
  }
});

describe("what dev may do that prod refuses", () => {
  test("dev may keep data below the legal minimum, lock in GOVERNANCE, and turn detectors and monitoring off", () => {
    assert.deepEqual(
      problemsOf("dev", (c) => {
        privacy(c).legalMinimumDays = { auditLogsDays: 365 };
        siem(c).archive.objectLockMode = "GOVERNANCE";
        siem(c).detection = { guardDuty: false, securityHub: false, config: false };
        siem(c).monitoring = { enabled: false };
        siem(c).logShipper = { enabled: false };
        siem(c).alertEmails = [];
      }),
      [],
    );
  });

  test("dev may go without a SIEM at all", () => {
    assert.deepEqual(
      problemsOf("dev", (c) => {
        delete c["rampart:siem"];
        // Without a SIEM, break-glass's use could not be alarmed: dev then goes without it too.
        delete c["rampart:access"].roles["break-glass"];
      }),
      [],
    );
  });

  test("the shipped stacks are valid (prod with its Grafana client secret placeholder)", () => {
    assert.deepEqual(
      problemsOf("dev", () => undefined),
      [],
    );
    assert.deepEqual(
      problemsOf("prod", () => undefined),
      [],
    );
  });
});
