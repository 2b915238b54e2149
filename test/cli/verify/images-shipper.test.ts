import assert from "node:assert/strict";
import * as fs from "node:fs";
import { describe, test } from "node:test";
import { verifyImages, type ImageVerdict } from "../../../cli/verify/images";
import { REDACTION_SCRIPT_PATH } from "../../../components/observability/logShipper";
import {
  FLUENT_BIT_CHART,
  LOG_SHIPPER_DEFAULTS,
  TESTED_FLUENT_BIT_CHART,
  TESTED_FLUENT_BIT_IMAGE_TAG,
} from "../../../components/observability/logShipper.logic";
import { fluentBitValues } from "../../../components/observability/logShipper.values";
import { ECR, ECR_ENDPOINTS, exportWith, res } from "./imagesFixture";

// The Fluent Bit release the LogShipper installs, as the images rung reads it: the image its values
// name (the stack's mirror), or the chart's default (cr.fluentbit.io) when they name none.

const release = (values: unknown) =>
  res("kubernetes:helm.sh/v3:Release", "shipper-fluent-bit", {
    chart: FLUENT_BIT_CHART.chart,
    version: TESTED_FLUENT_BIT_CHART,
    repositoryOpts: { repo: FLUENT_BIT_CHART.repo },
    values,
  });
const values = (imageRepository: string) =>
  fluentBitValues({
    streamName: "rampart-dev-shipper",
    region: "us-east-1",
    imageRepository,
    imageTag: TESTED_FLUENT_BIT_IMAGE_TAG,
    resources: LOG_SHIPPER_DEFAULTS.resources,
    extraTolerations: [],
    script: fs.readFileSync(REDACTION_SCRIPT_PATH, "utf8"),
  });
const summary = (vs: ImageVerdict[]) => vs.map((v) => `${v.path} ${v.image} ${v.verdict}`);

describe("the Fluent Bit chart", () => {
  test("from the stack's mirror: the one image the release deploys, pullable through ECR", () => {
    const vs = verifyImages(exportWith([...ECR_ENDPOINTS, release(values(`${ECR}/mirror/fluent`))]));
    assert.deepEqual(summary(vs), [`values.image ${ECR}/mirror/fluent/fluent-bit:5.1.1 allow`]);
  });

  test("the component's default registry (cr.fluentbit.io) is refused where it is not allowed", () => {
    const vs = verifyImages(
      exportWith([...ECR_ENDPOINTS, release(values(LOG_SHIPPER_DEFAULTS.imageRepository))]),
    );
    assert.deepEqual(summary(vs), ["values.image cr.fluentbit.io/fluent/fluent-bit:5.1.1 deny"]);
  });

  test("a release naming no image is decided on the chart's default image, not left undecidable", () => {
    const vs = verifyImages(
      exportWith([...ECR_ENDPOINTS, release({}), release({ image: { tag: "5.1.1" } })]),
    );
    assert.deepEqual(summary(vs), [
      // The rung prints an untagged reference as :latest; the chart would pull its appVersion: the
      // registry, which is what is decided, is the same.
      "values.image cr.fluentbit.io/fluent/fluent-bit:latest deny",
      "values.image cr.fluentbit.io/fluent/fluent-bit:5.1.1 deny",
    ]);
  });
});
