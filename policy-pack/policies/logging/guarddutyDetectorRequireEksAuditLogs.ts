import { DETECTOR, explicitlyOff, FEATURE } from "../../lib/guardduty";
import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * A new detector enables every optional feature (except RUNTIME_MONITORING) unless told otherwise, so
 * what is checkable is an explicit switch-off: `datasources.kubernetes.auditLogs.enable: false` on the
 * detector, or a DetectorFeature `EKS_AUDIT_LOGS` with status `DISABLED`.
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
 */
export const guarddutyDetectorRequireEksAuditLogs = resourcePolicy({
  name: "aws-guardduty-detector-require-eks-audit-logs",
  description:
    "GuardDuty EKS Protection (EKS_AUDIT_LOGS) must stay on: it is what detects anonymous access, privilege " +
    "escalation and malicious pods from the cluster's audit log.",
  // No catalog check we could verify covers EKS audit log monitoring itself: GuardDuty.1 and CKV_AWS_238 (GuardDuty on) are the closest general controls.
  catalog: ["FSBP GuardDuty.1", "CKV_AWS_238"],
  remediation:
    'Set datasources.kubernetes.auditLogs.enable to true, or the EKS_AUDIT_LOGS DetectorFeature\'s status to "ENABLED".',
  types: [DETECTOR, FEATURE],
  check: (props, ctx) => {
    if (ctx.type === FEATURE) {
      if (props.name === "EKS_AUDIT_LOGS" && props.status === "DISABLED")
        return 'GuardDuty EKS audit log monitoring is disabled: set status: "ENABLED".';
      return;
    }
    const ds = "datasources" in props ? asObject(props.datasources) : undefined;
    const k8s = ds && "kubernetes" in ds ? asObject(ds.kubernetes) : undefined;
    const audit = k8s && "auditLogs" in k8s ? asObject(k8s.auditLogs) : undefined;
    if (audit && "enable" in audit && explicitlyOff(audit.enable))
      return "GuardDuty EKS audit log monitoring is disabled: set datasources.kubernetes.auditLogs.enable: true.";
  },
});
