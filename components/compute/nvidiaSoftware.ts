import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import {
  dcgmExporterValues,
  DCGM_EXPORTER_CHART,
  devicePluginValues,
  NVIDIA_DEVICE_PLUGIN_CHART,
} from "./gpuNodePool.logic";

/** The cluster-wide NVIDIA software (see `HardenedClusterArgs.gpu`). */
export interface GpuSoftware {
  /** Pinned nvidia-device-plugin chart version; its image is `k8s-device-plugin:v<version>`. */
  readonly nvidiaDevicePluginVersion: string;
  /** Pinned dcgm-exporter chart version; omit to skip the exporter. @default none */
  readonly dcgmExporterVersion?: string;
  /** The dcgm-exporter image tag of that chart version (its values.yaml `image.tag`). */
  readonly dcgmExporterImageTag?: string;
  /**
   * Where nodes pull the NVIDIA images from: an ECR prefix holding copies of `nvidia/k8s-device-plugin`
   * and `nvidia/k8s/dcgm-exporter` (ECR pull-through cache does not support nvcr.io, so copy them).
   * Private tiers cannot reach nvcr.io unless the egress allow-list admits NGC's domains.
   * @default none (nvcr.io)
   */
  readonly imageMirror?: string;
}

/**
 * One NVIDIA device plugin and one DCGM exporter per cluster, on GPU nodes only (see gpuNodePool.logic),
 * with their images from the mirror at pinned tags. Children of the cluster component (`opts.parent`).
 */
export function installGpuSoftware(name: string, gpu: GpuSoftware, opts: pulumi.CustomResourceOptions): void {
  new k8s.helm.v3.Release(
    `${name}-nvidia-device-plugin`,
    {
      name: "nvidia-device-plugin",
      chart: NVIDIA_DEVICE_PLUGIN_CHART.chart,
      version: gpu.nvidiaDevicePluginVersion,
      repositoryOpts: { repo: NVIDIA_DEVICE_PLUGIN_CHART.repo },
      namespace: "kube-system",
      values: devicePluginValues({ mirror: gpu.imageMirror, tag: `v${gpu.nvidiaDevicePluginVersion}` }),
    },
    opts,
  );
  if (gpu.dcgmExporterVersion)
    new k8s.helm.v3.Release(
      `${name}-dcgm-exporter`,
      {
        name: "dcgm-exporter",
        chart: DCGM_EXPORTER_CHART.chart,
        version: gpu.dcgmExporterVersion,
        repositoryOpts: { repo: DCGM_EXPORTER_CHART.repo },
        namespace: "kube-system",
        values: dcgmExporterValues({ mirror: gpu.imageMirror, tag: gpu.dcgmExporterImageTag ?? "" }),
      },
      opts,
    );
}
