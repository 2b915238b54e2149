import { isIPv4 } from "node:net";
import { Problems, type ArgProblem } from "../shared/problems";
import { logRetentionProblem } from "../shared/rules";
import type { SiemSearchArgs } from "./siemPipeline.args";

/**
 * Pure logic of the SIEM's search tier (Amazon OpenSearch Service in the logging subnets): validation,
 * names and the policy documents. No Pulumi runtime here: tests call it directly, and
 * siemPipeline.search.ts feeds it resolved values.
 */

/**
 * The domain endpoint's TLS policy: TLS 1.2 or newer with perfect-forward-secrecy ciphers only. The
 * provider lists it among the accepted values (`Policy-Min-TLS-1-0-2019-07`, `Policy-Min-TLS-1-2-2019-07`,
 * `Policy-Min-TLS-1-2-PFS-2023-10`, @pulumi/aws 7.48 `DomainDomainEndpointOptions.tlsSecurityPolicy`).
 * @see https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html
 */
export const OPENSEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/**
 * The OpenSearch log types the domain publishes, each to its own group under the log group prefix.
 * Audit logs also need the security plugin's audit configuration (the bootstrap PUTs it); slow logs need
 * index thresholds (the bootstrap's index template sets them).
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createdomain-configure-slow-logs.html
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html
 */
export const DOMAIN_LOG_TYPES = {
  AUDIT_LOGS: "audit",
  ES_APPLICATION_LOGS: "error",
  INDEX_SLOW_LOGS: "index-slow",
  SEARCH_SLOW_LOGS: "search-slow",
} as const;
export type DomainLogType = keyof typeof DOMAIN_LOG_TYPES;

/** The index patterns the pipeline writes (one index per day per stream: `<prefix>-YYYY-MM-DD`). */
export const LOG_INDEX_PREFIXES = { shipper: "rampart-shipper", cloudwatch: "rampart-cloudwatch" } as const;
export const LOG_INDEX_PATTERNS = Object.values(LOG_INDEX_PREFIXES).map((p) => `${p}-*`);

/** `<namePrefix>-siem`: OpenSearch domain names are 3-28 of a-z, 0-9 and -, starting with a letter. */
export function searchDomainName(namePrefix: string): string {
  return `${namePrefix}-siem`;
}

/** The log group of one domain log type: `<logGroupPrefix>siem/opensearch/<kind>`. */
export function domainLogGroupName(logGroupPrefix: string, type: DomainLogType): string {
  return `${logGroupPrefix}siem/opensearch/${DOMAIN_LOG_TYPES[type]}`;
}

export interface SearchValidationInput {
  readonly namePrefix: string;
  readonly logGroupPrefix: string;
  readonly dashboardCidrs?: readonly string[];
  readonly search: SiemSearchArgs;
  readonly logRetentionDays: number;
  /** The number of logging subnets, when known at plan time (zone awareness spreads over them). */
  readonly zoneCount?: number;
}

const isCidr = (c: string) => {
  const [ip, len, ...rest] = c.split("/");
  return rest.length === 0 && !!ip && isIPv4(ip) && /^\d{1,2}$/.test(len ?? "") && Number(len) <= 32;
};

/** Every problem with the search tier's arguments, addressed as in `SiemPipelineArgs`. */
export function validateSearchArgs(a: SearchValidationInput): ArgProblem[] {
  const p = new Problems();
  const s = a.search;
  const domain = searchDomainName(a.namePrefix);
  if (!/^[a-z][a-z0-9-]{2,27}$/.test(domain))
    p.at(
      ["namePrefix"],
      a.namePrefix,
      `gives the domain name "${domain}", which OpenSearch refuses (expected 3-28 of a-z, 0-9 and -, starting with a letter)`,
    );
  if (!a.logGroupPrefix.startsWith("/") || !a.logGroupPrefix.endsWith("/"))
    p.at(["logGroupPrefix"], a.logGroupPrefix, 'is not a log group prefix (expected "/rampart/<stack>/")');
  if (!/^OpenSearch_\d+\.\d+$/.test(s.engineVersion))
    p.at(
      ["search", "engineVersion"],
      s.engineVersion,
      'is not an OpenSearch engine (expected "OpenSearch_X.Y")',
    );
  if (!/^[a-z0-9]+\.[a-z0-9]+\.search$/.test(s.instanceType))
    p.at(
      ["search", "instanceType"],
      s.instanceType,
      'is not an OpenSearch instance type (expected e.g. "r7g.large.search")',
    );
  if (!Number.isInteger(s.instanceCount) || s.instanceCount < 1)
    p.at(["search", "instanceCount"], s.instanceCount, "is not a positive whole number of data nodes");
  if (s.zoneAwareness) {
    const zones = a.zoneCount;
    if (zones !== undefined && zones !== 2 && zones !== 3)
      p.at(
        ["loggingSubnetIds"],
        zones,
        "subnets: zone awareness needs 2 or 3 logging subnets (one per zone)",
      );
    else if (zones !== undefined && s.instanceCount % zones !== 0)
      p.at(
        ["search", "instanceCount"],
        s.instanceCount,
        `is not a multiple of the ${zones} zones (zone awareness places the same number of nodes in each)`,
      );
  }
  if (s.dedicatedMasters && !/^[a-z0-9]+\.[a-z0-9]+\.search$/.test(s.dedicatedMasters.instanceType))
    p.at(
      ["search", "dedicatedMasters", "instanceType"],
      s.dedicatedMasters.instanceType,
      "is not an OpenSearch instance type",
    );
  if (s.dedicatedMasters && s.dedicatedMasters.count !== 3 && s.dedicatedMasters.count !== 5)
    p.at(["search", "dedicatedMasters", "count"], s.dedicatedMasters.count, "is not 3 or 5 (an odd quorum)");
  // gp3 volumes start at 10 GiB; the per-instance maximum depends on the type (left to the API).
  if (!Number.isInteger(s.volumeSizeGiB) || s.volumeSizeGiB < 10)
    p.at(
      ["search", "volumeSizeGiB"],
      s.volumeSizeGiB,
      "is not a gp3 volume size (expected a whole number of GiB, at least 10)",
    );
  if (!Number.isInteger(s.retentionDays) || s.retentionDays < 1)
    p.at(["search", "retentionDays"], s.retentionDays, "is not a positive whole number of days");
  s.adminPrincipalArns.forEach((arn, i) => {
    if (typeof arn === "string" && !/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(arn))
      p.at(
        ["search", "adminPrincipalArns", i],
        arn,
        'is not an IAM role or user ARN (expected "arn:aws:iam::<account>:role/<name>")',
      );
  });
  if (s.saml) {
    for (const key of ["adminGroup", "readerGroup", "idpEntityId"] as const)
      if (!s.saml[key])
        p.at(["search", "saml", key], s.saml[key], "is missing (expected a non-empty string)");
    const t = s.saml.sessionTimeoutMinutes;
    if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > 1440))
      p.at(["search", "saml", "sessionTimeoutMinutes"], t, "is not between 1 and 1440 minutes");
  }
  (a.dashboardCidrs ?? []).forEach((c, i) => {
    if (!isCidr(c)) p.at(["dashboardCidrs", i], c, 'is not an IPv4 CIDR (expected e.g. "10.100.0.0/16")');
    else if (c.endsWith("/0"))
      p.at(["dashboardCidrs", i], c, "opens Dashboards to every address (expected the operators' network)");
  });
  const bad = logRetentionProblem(a.logRetentionDays);
  if (bad) p.at(["logRetentionDays"], a.logRetentionDays, bad);
  return p.list;
}

type Statement = Record<string, unknown>;
export interface PolicyDoc {
  readonly Version: "2012-10-17";
  readonly Statement: Statement[];
}

/**
 * Who may assume the domain's master role (fine-grained access control's IAM master user): the
 * administrators, with MFA; and Lambda, for the bootstrap function of this account only (it runs as the
 * master role to map roles and install the index lifecycle: only the master user may change the security
 * plugin's configuration before any mapping exists).
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html#fgac-master-user
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
export function masterRoleTrustPolicy(adminPrincipalArns: readonly string[], accountId: string): PolicyDoc {
  const statements: Statement[] = [
    {
      Sid: "BootstrapFunction",
      Effect: "Allow",
      Principal: { Service: "lambda.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ];
  if (adminPrincipalArns.length > 0)
    statements.push({
      Sid: "AdministratorsWithMfa",
      Effect: "Allow",
      Principal: { AWS: [...adminPrincipalArns] },
      Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    });
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The domain's access policy. Without SAML, only IAM principals of our account (the account root stands
 * for "any principal of this account whose own IAM policy allows it") may send HTTP requests; FGAC then
 * decides what each mapped role may do. With SAML, Dashboards' browser requests are not SigV4-signed, so
 * IAM cannot name their principal: AWS requires an access policy that admits them, and FGAC (internal
 * user database off, anonymous access off) authenticates every request instead. Either way only the
 * ESHttp* actions on this domain, and the domain sits in the VPC behind its own security group.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html#fgac-access-policies
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/saml.html
 */
export function domainAccessPolicy(c: {
  readonly partition: string;
  readonly accountId: string;
  readonly domainArn: string;
  readonly saml: boolean;
}): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: c.saml ? "FineGrainedAccessControlDecides" : "OurAccountsPrincipals",
        Effect: "Allow",
        Principal: c.saml ? { AWS: "*" } : { AWS: `arn:${c.partition}:iam::${c.accountId}:root` },
        Action: [
          "es:ESHttpGet",
          "es:ESHttpHead",
          "es:ESHttpPost",
          "es:ESHttpPut",
          "es:ESHttpPatch",
          "es:ESHttpDelete",
        ],
        Resource: `${c.domainArn}/*`,
      },
    ],
  };
}

/**
 * The CloudWatch Logs resource policy that lets OpenSearch Service publish the domain's logs: only into
 * the domain's own groups, only for our account's domain.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createdomain-configure-slow-logs.html
 */
export function domainLogsResourcePolicy(c: {
  readonly accountId: string;
  readonly domainArn: string;
  readonly logGroupArns: readonly string[];
}): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OpenSearchPublishesDomainLogs",
        Effect: "Allow",
        Principal: { Service: "es.amazonaws.com" },
        Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
        Resource: c.logGroupArns.map((arn) => `${arn.replace(/:\*$/, "")}:*`),
        Condition: {
          StringEquals: { "aws:SourceAccount": c.accountId },
          ArnLike: { "aws:SourceArn": c.domainArn },
        },
      },
    ],
  };
}
