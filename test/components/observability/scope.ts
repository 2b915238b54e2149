import * as pulumi from "@pulumi/pulumi";

/** A test-only parent for the SiemPipeline builders (the lead's component takes its place). */
export class TestScope extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:observability:Scope", name, {}, {});
  }
}
