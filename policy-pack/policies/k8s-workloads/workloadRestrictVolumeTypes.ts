import { workloadPolicy } from "../../lib/k8s";
import { asArray, asObject, asString } from "../../lib/values";

/**
 * Pod Security "restricted": Volume Types. hostPath is left to kubernetes-workload-disallow-host-path-volumes
 * so one volume gets one message.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const RESTRICTED_VOLUME_TYPES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

export const workloadRestrictVolumeTypes = workloadPolicy({
  name: "kubernetes-workload-restrict-volume-types",
  description:
    'Pods may use only the volume types Pod Security "restricted" allows (configMap, csi, downwardAPI, ' +
    "emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret). Inline nfs, iscsi, rbd, gitRepo " +
    "and other in-tree volumes bypass PersistentVolume access control, and gitRepo runs git on the node.",
  catalog: ["PSS restricted: Volume Types", "AVD-KSV-0028"],
  remediation:
    "Replace inline nfs, iscsi, rbd, gitRepo and other in-tree volumes with a persistentVolumeClaim (or another restricted volume type).",
  check: ({ podSpec }) => {
    const allowed = new Set([...RESTRICTED_VOLUME_TYPES, "name", "hostPath"]);
    const out: string[] = [];
    asArray(podSpec.volumes).forEach((v, i) => {
      const volume = asObject(v);
      if (!volume) return;
      const bad = Object.keys(volume).filter((k) => !allowed.has(k));
      if (bad.length === 0) return;
      const name = asString(volume.name);
      out.push(
        `Volume ${name !== undefined ? `"${name}"` : `#${i + 1}`} is of type ${bad.join(", ")}, which Pod ` +
          "Security restricted forbids: use a persistentVolumeClaim.",
      );
    });
    return out;
  },
});
