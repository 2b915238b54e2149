// Types of sigv4.js (plain JavaScript: it ships to Lambda as is).
export interface SignInput {
  method: string;
  host: string;
  path: string;
  query?: Record<string, string>;
  body?: string;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  now: Date;
  headers?: Record<string, string>;
}
export interface Signed {
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}
export declare function sign(r: SignInput): Signed;
export declare function amzDate(date: Date): string;
