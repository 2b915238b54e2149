/**
 * Does every image the export deploys come from a registry its nodes can reach? (issue #11, item 5;
 * cli/verify/IMAGES.md.) Pure: reads export resources, answers one verdict per image source.
 */
export { parseDeclaredImages } from "./declared";
export { decideRegistry, type Decision } from "./decide";
export { readEgress, type Egress } from "./egress";
export { formatImageRef, parseImageRef } from "./reference";
export type { ExportResource, ImageRef, ImageSource, ImageVerdict, ImageVerdictKind } from "./types";
export { collectImages, verifyImages, type DeclaredImages } from "./verify";
