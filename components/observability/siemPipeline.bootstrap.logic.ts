import { createHash } from "node:crypto";
import { LOG_INDEX_PATTERNS } from "./siemPipeline.search.logic";

/**
 * What the bootstrap function sends to the domain, as data: the security plugin's roles and role
 * mappings (fine-grained access control refuses Firehose's writes until its role is mapped), the audit
 * configuration, an index template with slow-log thresholds, and the index lifecycle (ISM) policy that
 * deletes log indices after the retention window. Built here, at plan time, so tests read the exact
 * requests and a change of any of them re-runs the invocation (its input hash changes). The function
 * (bootstrap/index.js) only signs and sends them.
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html#fgac-mapping
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es-vpc
 */

export interface BootstrapRequest {
  /** `put` replaces the document; `ism-policy` creates, or updates with the current sequence numbers. */
  readonly kind: "put" | "ism-policy";
  /** Path on the domain, without the leading slash. */
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export const WRITER_ROLE = "rampart_log_writer";
export const READER_ROLE = "rampart_log_reader";
export const ISM_POLICY_ID = "rampart-log-retention";

export interface BootstrapContext {
  /** Firehose's delivery role: mapped to the writer role (write to the log indices only). */
  readonly firehoseRoleArn: string;
  /** Days before ISM deletes a log index. */
  readonly retentionDays: number;
  /** The SAML reader group, mapped to read-only on the log indices (and Dashboards' user role). */
  readonly readerGroup?: string;
}

/**
 * Paths the function accepts (it refuses anything else, so it is not a general proxy to the domain).
 * The characters are those SigV4 leaves unencoded, so the canonical URI is the path itself.
 */
export const ALLOWED_PATH =
  /^(_plugins\/_security\/api\/(roles|rolesmapping)\/[a-z_]+|_plugins\/_security\/api\/audit\/config|_plugins\/_ism\/policies\/[a-z-]+|_index_template\/[a-z-]+)$/;

export function bootstrapRequests(c: BootstrapContext): BootstrapRequest[] {
  const indices = [...LOG_INDEX_PATTERNS];
  const out: BootstrapRequest[] = [
    {
      // What Firehose does: bulk-index into today's index (creating it), read mappings and stats.
      kind: "put",
      path: `_plugins/_security/api/roles/${WRITER_ROLE}`,
      body: {
        description: "Firehose delivery: write the SIEM log indices",
        cluster_permissions: ["cluster_composite_ops", "cluster_monitor"],
        index_permissions: [
          {
            index_patterns: indices,
            allowed_actions: ["crud", "create_index", "indices_monitor", "indices:admin/mapping/put"],
          },
        ],
      },
    },
    {
      kind: "put",
      path: `_plugins/_security/api/rolesmapping/${WRITER_ROLE}`,
      body: { backend_roles: [c.firehoseRoleArn], users: [], hosts: [] },
    },
  ];
  if (c.readerGroup) {
    out.push(
      {
        kind: "put",
        path: `_plugins/_security/api/roles/${READER_ROLE}`,
        body: {
          description: "Analysts: read the SIEM log indices",
          cluster_permissions: ["cluster_composite_ops_ro"],
          index_permissions: [{ index_patterns: indices, allowed_actions: ["read"] }],
        },
      },
      {
        kind: "put",
        path: `_plugins/_security/api/rolesmapping/${READER_ROLE}`,
        body: { backend_roles: [c.readerGroup], users: [], hosts: [] },
      },
    );
  }
  out.push(
    {
      // Who did what on the domain: failed logins, privilege misses, security-config changes.
      // @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html
      kind: "put",
      path: "_plugins/_security/api/audit/config",
      body: {
        enabled: true,
        audit: {
          enable_rest: true,
          disabled_rest_categories: ["GRANTED_PRIVILEGES", "AUTHENTICATED"],
          enable_transport: true,
          disabled_transport_categories: ["GRANTED_PRIVILEGES", "AUTHENTICATED"],
          resolve_bulk_requests: false,
          log_request_body: false,
          resolve_indices: true,
          exclude_sensitive_headers: true,
          ignore_users: [],
          ignore_requests: [],
        },
        compliance: {
          enabled: true,
          internal_config: true,
          external_config: false,
          read_metadata_only: true,
          read_watched_fields: {},
          read_ignore_users: [],
          write_metadata_only: true,
          write_log_diffs: false,
          write_watched_indices: [],
          write_ignore_users: [],
        },
      },
    },
    {
      kind: "put",
      path: "_index_template/rampart-logs",
      body: {
        index_patterns: indices,
        priority: 100,
        template: {
          settings: {
            "index.search.slowlog.threshold.query.warn": "5s",
            "index.search.slowlog.threshold.fetch.warn": "1s",
            "index.indexing.slowlog.threshold.index.warn": "5s",
          },
        },
      },
    },
    {
      // ism_template attaches the policy to every new log index; indices older than the window go.
      // @see https://docs.opensearch.org/latest/im-plugin/ism/policies/
      kind: "ism-policy",
      path: `_plugins/_ism/policies/${ISM_POLICY_ID}`,
      body: {
        policy: {
          description: `Delete SIEM log indices ${c.retentionDays} days after creation`,
          default_state: "hot",
          states: [
            {
              name: "hot",
              actions: [],
              transitions: [{ state_name: "delete", conditions: { min_index_age: `${c.retentionDays}d` } }],
            },
            { name: "delete", actions: [{ delete: {} }], transitions: [] },
          ],
          ism_template: [{ index_patterns: indices, priority: 100 }],
        },
      },
    },
  );
  for (const r of out)
    if (!ALLOWED_PATH.test(r.path)) throw new Error(`bootstrap path ${r.path} is not allowed`);
  return out;
}

/** The invocation's input: the domain endpoint, the Region to sign for, and the requests. */
export interface BootstrapEvent {
  readonly endpoint: string;
  readonly region: string;
  readonly requests: readonly BootstrapRequest[];
}

/** A stable hash of the event: the invocation runs again exactly when it changes. */
export function eventHash(event: BootstrapEvent): string {
  return createHash("sha256").update(JSON.stringify(event)).digest("hex");
}
