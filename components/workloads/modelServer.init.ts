import type * as pulumi from "@pulumi/pulumi";
import { MANIFEST_FILE, SIGNATURE_FILE } from "./modelServer.args";

/**
 * PLACEHOLDER, to be replaced by the manifest helper's modelServer.init.ts (same exports, same
 * signature). It exists so that ModelServer builds and is tested before that file lands; the steps below
 * only sketch the real ones (fetch with the AWS CLI, `cosign verify-blob`, `sha256sum -c`).
 */
export interface InitStep {
  name: string;
  image: string;
  command: string[];
  args: string[];
  env: { name: string; value: pulumi.Input<string> }[];
}

export function modelInitSteps(o: {
  images: { fetch: string; verify: string };
  bucket: pulumi.Input<string>;
  prefix: string;
  region: string;
  modelDir: string;
  publicKeyPath: string;
}): InitStep[] {
  const dir = `${o.modelDir}/${o.prefix}`;
  return [
    {
      name: "fetch-model",
      image: o.images.fetch,
      command: ["/bin/sh", "-ec"],
      args: ['aws s3 cp --recursive "s3://$MODEL_BUCKET/$MODEL_PREFIX" "$MODEL_DIR/$MODEL_PREFIX"'],
      env: [
        { name: "MODEL_BUCKET", value: o.bucket },
        { name: "MODEL_PREFIX", value: o.prefix },
        { name: "MODEL_DIR", value: o.modelDir },
        { name: "AWS_REGION", value: o.region },
      ],
    },
    {
      name: "verify-signature",
      image: o.images.verify,
      command: ["cosign"],
      args: [
        "verify-blob",
        "--key",
        o.publicKeyPath,
        "--signature",
        `${dir}${SIGNATURE_FILE}`,
        "--insecure-ignore-tlog",
        `${dir}${MANIFEST_FILE}`,
      ],
      env: [],
    },
    {
      name: "verify-digests",
      image: o.images.fetch,
      command: ["/bin/sh", "-ec"],
      args: [`cd "$MODEL_DIR" && sha256sum --check --strict "$MODEL_PREFIX${MANIFEST_FILE}"`],
      env: [
        { name: "MODEL_PREFIX", value: o.prefix },
        { name: "MODEL_DIR", value: o.modelDir },
      ],
    },
  ];
}
