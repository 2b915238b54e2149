import { backupAccess } from "./iam/backupAccess";
import type { AccessCase } from "./iam/cases";
import { identityAccess } from "./iam/identityAccess";
import { modelServerAccess } from "./iam/modelServerAccess";
import { modelStoreAccess } from "./iam/modelStoreAccess";
import { monitoringAccess } from "./iam/monitoringAccess";
import { privacyAccess } from "./iam/privacyAccess";
import { rampartAccess } from "./iam/rampartAccess";
import { shipperAccess } from "./iam/shipperAccess";
import { siemArchiveAccess } from "./iam/siemArchiveAccess";
import { siemDetectionAccess } from "./iam/siemDetectionAccess";
import { siemSearchAccess } from "./iam/siemSearchAccess";
import type { ExportResource } from "./iam/types";
import { vaultUnsealAccess } from "./iam/vaultUnsealAccess";
import { rampartFlows } from "./network/rampartFlows";
import { siemFlows } from "./network/siemFlows";
import type { FlowCase } from "./network/types";

/**
 * The cases `rampart verify` derives from an export when none are given: the platform's own
 * (rampartFlows, rampartAccess), then each SIEM and privacy part's, each deriving its cases from the
 * resources it finds (by type and `rampart:data-class` tag), so an export without them adds none.
 */
export function defaultFlows(resources: readonly ExportResource[]): FlowCase[] {
  return [...rampartFlows(resources), ...siemFlows(resources)];
}

export function defaultAccess(resources: readonly ExportResource[]): AccessCase[] {
  return [
    ...rampartAccess(resources),
    ...siemArchiveAccess(resources),
    ...siemDetectionAccess(resources),
    ...siemSearchAccess(resources),
    ...privacyAccess(resources),
    ...shipperAccess(resources),
    ...monitoringAccess(resources),
    ...vaultUnsealAccess(resources),
    ...identityAccess(resources),
    ...modelStoreAccess(resources),
    ...modelServerAccess(resources),
    ...backupAccess(resources),
  ];
}
