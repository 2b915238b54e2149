import assert from "node:assert/strict";
import { test } from "node:test";
import { formatImageRef, parseImageRef } from "../../../cli/verify/images";

/**
 * Image references read as container runtimes read them (distribution/reference's normalize.go): the
 * table pins the registry each form resolves to, which is what the reachability verdict depends on.
 */

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

test("the registry, repository, tag and digest of each reference form", () => {
  const cases: [string, string][] = [
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["bitnami/redis:7.4", "docker.io/bitnami/redis:7.4"],
    ["docker.io/nginx", "docker.io/library/nginx:latest"],
    ["index.docker.io/library/nginx:1", "docker.io/library/nginx:1"],
    ["localhost/app", "localhost/app:latest"],
    ["localhost:5000/team/app:2", "localhost:5000/team/app:2"],
    ["registry:5000/app", "registry:5000/app:latest"],
    ["ghcr.io/org/app@" + DIGEST, "ghcr.io/org/app@" + DIGEST],
    ["ghcr.io/org/app:v1@" + DIGEST, "ghcr.io/org/app:v1@" + DIGEST],
    [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless",
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless",
    ],
    // A first component with no "." or ":" is a Docker Hub namespace, not a registry.
    ["myregistry/app:1", "docker.io/myregistry/app:1"],
    ["a__b/c-d/e.f_g:1", "docker.io/a__b/c-d/e.f_g:1"],
  ];
  for (const [text, want] of cases) {
    const p = parseImageRef(text);
    assert.ok(p.ok, `${text}: ${p.ok ? "" : p.problem}`);
    assert.equal(formatImageRef(p.ref), want, text);
  }
  const ecr = parseImageRef("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1");
  assert.deepEqual(ecr.ok && ecr.ref, {
    registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
    repository: "app",
    tag: "1",
  });
});

test("malformed references are refused with the part that is wrong", () => {
  const bad: [string, RegExp][] = [
    ["", /empty or padded/],
    [" nginx", /empty or padded/],
    ["Nginx", /repository component "Nginx"/],
    ["ghcr.io/Org/app", /repository component "Org"/],
    ["app:-bad", /"-bad" is not a tag/],
    ["app@sha256:xyz", /"sha256:xyz" is not a digest/],
    ["${REGISTRY}/app", /template or variable/],
    ["{{ .Values.image }}", /template or variable/],
    ["a//b", /repository component ""/],
    ["bad_host.io/app", /"bad_host\.io" is not a registry host/],
    [`docker.io/${"a".repeat(260)}`, /longer than 255/],
  ];
  for (const [text, why] of bad) {
    const p = parseImageRef(text);
    assert.equal(p.ok, false, text);
    assert.match(p.ok ? "" : p.problem, why, text);
  }
});
