import { resourcePolicy } from "../../lib/policy";
import { asNumber, lower } from "../../lib/values";

const CLUSTER = "aws:elasticache/cluster:Cluster";

/**
 * Redis and Valkey caches (a single-node `Cluster` or a `ReplicationGroup`) take daily snapshots only when
 * `snapshotRetentionLimit` is above 0; it defaults to 0 (off). Not judged: Memcached (no snapshots), a
 * cluster that joins a replication group (`replicationGroupId`: the group's setting applies), and
 * cache.t1.micro nodes, which cannot keep snapshots (as Trivy's AVD-AWS-0050 skips them).
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/elasticache/replicationgroup/#snapshotretentionlimit_nodejs
 */
export const elasticacheClusterRequireSnapshotRetention = resourcePolicy({
  name: "aws-elasticache-cluster-require-snapshot-retention",
  description:
    "ElastiCache Redis and Valkey caches (clusters and replication groups) must keep automatic snapshots for " +
    "at least the configured number of days (1 by default): a cache that holds sessions, rate-limit state or " +
    "a semantic cache of prompts is otherwise lost with its nodes.",
  catalog: ["CKV_AWS_134", "AVD-AWS-0050", "FSBP ElastiCache.1"],
  remediation:
    "Set snapshotRetentionLimit to at least the configured minimum (1 day by default, at most 35).",
  types: [CLUSTER, "aws:elasticache/replicationGroup:ReplicationGroup"],
  configSchema: {
    properties: {
      minimumDays: {
        type: "number",
        minimum: 1,
        maximum: 35,
        default: 1,
        description: "Minimum snapshotRetentionLimit in days (0, the default, turns snapshots off).",
      },
    },
  },
  check: (props, ctx) => {
    if (ctx.type === CLUSTER) {
      if ("replicationGroupId" in props && props.replicationGroupId) return;
      if ("engine" in props && lower(props.engine) === "memcached") return;
    }
    if ("nodeType" in props && props.nodeType === "cache.t1.micro") return;
    const min = asNumber(ctx.config.minimumDays) ?? 1;
    const set = "snapshotRetentionLimit" in props && props.snapshotRetentionLimit !== undefined;
    const days = set ? asNumber(props.snapshotRetentionLimit) : 0;
    if (days !== undefined && days >= min) return;
    const what = ctx.type === CLUSTER ? "ElastiCache cluster" : "ElastiCache replication group";
    const now = !set
      ? "keeps no snapshots (snapshotRetentionLimit unset, default 0)"
      : days === 0
        ? "keeps no snapshots (snapshotRetentionLimit 0)"
        : days === undefined
          ? `has snapshotRetentionLimit ${JSON.stringify(props.snapshotRetentionLimit)}, not a number of days`
          : `keeps snapshots for ${days} day${days === 1 ? "" : "s"}`;
    return `${what} ${now}: set snapshotRetentionLimit to at least ${min}.`;
  },
});
