import { workloadPolicy } from "../../lib/k8s";
import { asArray, at, asObject, asString } from "../../lib/values";

/**
 * Pod Security "baseline": HostPath Volumes.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 */
export const workloadDisallowHostPathVolumes = workloadPolicy({
  name: "kubernetes-workload-disallow-host-path-volumes",
  description:
    "Pods must not mount hostPath volumes: a path on the node (the container runtime socket, /var/lib/kubelet, " +
    "/etc) gives the container the node's credentials and other pods' data, and is a well-trodden escape route.",
  catalog: ["PSS baseline: HostPath Volumes", "AVD-KSV-0023", "CKV_K8S_27", "AVD-KSV-0006"],
  remediation:
    "Replace each hostPath volume with a persistentVolumeClaim, emptyDir, configMap or secret volume.",
  check: ({ podSpec }) => {
    const out: string[] = [];
    asArray(podSpec.volumes).forEach((v, i) => {
      const volume = asObject(v);
      if (!volume || !("hostPath" in volume)) return;
      const name = asString(volume.name);
      const path = asString(at(volume, "hostPath", "path"));
      out.push(
        `Volume ${name !== undefined ? `"${name}"` : `#${i + 1}`} mounts the node's filesystem` +
          `${path !== undefined ? ` (hostPath ${path})` : " (hostPath)"}: use a persistentVolumeClaim, ` +
          "emptyDir, configMap or secret volume instead.",
      );
    });
    return out;
  },
});
