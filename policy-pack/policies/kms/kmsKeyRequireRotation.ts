import { resourcePolicy } from "../../lib/policy";

/**
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 */
export const kmsKeyRequireRotation = resourcePolicy({
  name: "aws-kms-key-require-rotation",
  description:
    "Customer-managed symmetric KMS keys must rotate their key material automatically, so a leaked or " +
    "brute-forced key version protects a bounded amount of data.",
  catalog: ["CKV_AWS_7", "AVD-AWS-0065", "CIS AWS 3.8", "FSBP KMS.4"],
  remediation: "Set enableKeyRotation to true on symmetric encryption keys.",
  types: ["aws:kms/key:Key"],
  check: (props) => {
    const spec = "customerMasterKeySpec" in props ? props.customerMasterKeySpec : props.keySpec;
    // Rotation only exists for symmetric encryption keys; asymmetric and HMAC keys cannot rotate. An
    // empty spec is no spec: the provider then creates SYMMETRIC_DEFAULT.
    if (spec !== undefined && spec !== null && spec !== "" && spec !== "SYMMETRIC_DEFAULT") return;
    if (props.enableKeyRotation !== true) {
      return "KMS key rotation is off: set enableKeyRotation: true.";
    }
  },
});
