import type { PolicyResource } from "@pulumi/policy";
import { attachedTo } from "./refs";
import { UNSEEN, type Unseen } from "./unknown";
import { asArray, asObject, at, plain } from "./values";

/**
 * GuardDuty detectors and their protection plans, in both forms: the detector's inline `datasources`
 * (S3 logs, Kubernetes audit logs, malware protection) and `DetectorFeature` resources (the current API,
 * the only form for runtime monitoring).
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
 */
export const DETECTOR = "aws:guardduty/detector:Detector";
export const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";

/**
 * An explicit switch-off: `false`, or the string "false" (any case, trimmed) that a value read from config
 * or a stack export may carry; the bridged provider reads both as false. Anything else (unset, "", true)
 * leaves the default on.
 */
export function explicitlyOff(v: unknown): boolean {
  return v === false || (typeof v === "string" && v.trim().toLowerCase() === "false");
}

/** An explicit switch-on: `true` or the string "true" (any case, trimmed). */
export function explicitlyOn(v: unknown): boolean {
  return v === true || (typeof v === "string" && v.trim().toLowerCase() === "true");
}

/** A detector that is switched on (`enable` defaults to true); a disabled one is another policy's finding. */
export function detectorOn(d: PolicyResource): boolean {
  return !explicitlyOff(at(plain(d.props), "enable"));
}

export interface FeatureState {
  readonly name: string | Unseen;
  readonly status: string | Unseen | undefined;
  readonly resource: PolicyResource;
}

/** The DetectorFeature resources attached to a detector (through `detectorId`), and whether some could not be placed. */
export function featuresOf(detector: PolicyResource, features: readonly PolicyResource[]) {
  const { attached, unseen } = attachedTo(detector, features, "detectorId", ["id", "detectorId"]);
  const states: FeatureState[] = attached.map((f) => {
    const p = plain(f.props);
    const name = at(p, "name");
    const status = at(p, "status");
    return {
      name: name === UNSEEN ? UNSEEN : typeof name === "string" ? name : "",
      status: status === UNSEEN ? UNSEEN : typeof status === "string" ? status : undefined,
      resource: f,
    };
  });
  return { states, unseen };
}

/** The `status` of a feature's additional configuration (`EKS_ADDON_MANAGEMENT`...), or UNSEEN / undefined. */
export function additionalStatus(feature: PolicyResource, name: string): string | Unseen | undefined {
  const list = at(plain(feature.props), "additionalConfigurations");
  if (list === UNSEEN) return UNSEEN;
  for (const raw of asArray(list)) {
    const o = asObject(raw);
    if (!o) continue;
    const n = at(o, "name");
    if (n === UNSEEN) return UNSEEN;
    if (n !== name) continue;
    const s = at(o, "status");
    return s === UNSEEN ? UNSEEN : typeof s === "string" ? s : undefined;
  }
  return undefined;
}

/** A detector's inline `datasources.<path>.enable`: true, false, unset (undefined) or UNSEEN. */
export function inlineSource(detector: PolicyResource, ...path: string[]): boolean | Unseen | undefined {
  const v = at(plain(detector.props), "datasources", ...path, "enable");
  if (v === UNSEEN) return UNSEEN;
  return explicitlyOn(v) ? true : explicitlyOff(v) ? false : undefined;
}
