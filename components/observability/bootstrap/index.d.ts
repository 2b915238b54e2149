// Types of index.js (plain JavaScript: it ships to Lambda as is).
import type { BootstrapEvent } from "../siemPipeline.bootstrap.logic";
export interface TransportOptions {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string>;
}
export type Transport = (
  options: TransportOptions,
  payload: string,
) => Promise<{ status: number; body: string }>;
export declare function run(
  event: BootstrapEvent,
  env?: Record<string, string | undefined>,
  transport?: Transport,
): Promise<{ done: string[] }>;
export declare function handler(event: BootstrapEvent): Promise<{ done: string[] }>;
export declare const ALLOWED_PATH: RegExp;
