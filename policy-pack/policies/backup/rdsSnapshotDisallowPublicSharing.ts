import { resourcePolicy } from "../../lib/policy";
import { asList } from "../../lib/values";

/**
 * A manual DB or cluster snapshot (and a copy of one) is shared through `sharedAccounts`; the value `all`
 * makes it public: any AWS account can restore the database from it. An unencrypted snapshot can be made
 * public; an encrypted one can be shared only with named accounts that the key policy admits.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/rds/snapshot/#sharedaccounts_nodejs
 */
export const rdsSnapshotDisallowPublicSharing = resourcePolicy({
  name: "aws-rds-snapshot-disallow-public-sharing",
  description:
    'RDS DB and cluster snapshots (and their copies) must not be shared with "all": a public snapshot lets ' +
    "any AWS account restore the whole database, which is a backup of every record it held.",
  catalog: ["CKV_AWS_302", "FSBP RDS.1"],
  remediation: 'Remove "all" from sharedAccounts and list only the account IDs that need the snapshot.',
  types: [
    "aws:rds/snapshot:Snapshot",
    "aws:rds/snapshotCopy:SnapshotCopy",
    "aws:rds/clusterSnapshot:ClusterSnapshot",
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy",
  ],
  check: (props) => {
    if (!("sharedAccounts" in props)) return;
    const shared = asList(props.sharedAccounts);
    if (shared.some((a) => typeof a === "string" && a.trim().toLowerCase() === "all"))
      return 'RDS snapshot is public (sharedAccounts includes "all"): list only the account IDs that need it.';
  },
});
