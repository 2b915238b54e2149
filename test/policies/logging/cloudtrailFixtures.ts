/** A compliant trail, shared by the three trail policy tests. */
export const TRAIL = "aws:cloudtrail/trail:Trail";
export const compliantTrail = (): Record<string, any> => ({
  s3BucketName: "trail",
  isMultiRegionTrail: true,
  enableLogFileValidation: true,
  kmsKeyId: "arn:k",
  includeGlobalServiceEvents: true,
});
