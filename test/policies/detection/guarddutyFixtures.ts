import { res } from "../helpers/awsStack";

export const DETECTOR = "aws:guardduty/detector:Detector";
export const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";

export const detector = (props: Record<string, any> = {}) =>
  res(DETECTOR, "detector", { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES", ...props });

/** A DetectorFeature on the detector (by its id, as `detector.id` would give it). */
export const feature = (name: string, status: string, extra: Record<string, any> = {}) =>
  res(FEATURE, `feature-${name.toLowerCase()}`, { detectorId: "detector-id", name, status, ...extra });

/** The detector as the engine reports it after creation: its `id` output, which features point at. */
export const detectorWithId = (props: Record<string, any> = {}) => detector({ id: "detector-id", ...props });
