// Types of forwarder.js (plain JavaScript: it ships to Lambda as is).
export interface SubscriptionPayload {
  messageType: string;
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters?: string[];
  logEvents: { id: string; timestamp: number; message: string }[];
}
export interface PutResult {
  FailedPutCount?: number;
  RequestResponses: { ErrorCode?: string }[];
}
export declare function decode(data: string): SubscriptionPayload;
export declare function toDocuments(payload: SubscriptionPayload): string[];
export declare function batches(documents: readonly string[]): string[][];
export declare function forward(
  payload: SubscriptionPayload,
  put: (records: string[]) => Promise<PutResult>,
  attempts?: number,
): Promise<{ sent: number }>;
export declare function handler(event: { awslogs: { data: string } }): Promise<{ sent: number }>;
export declare const LIMITS: { MAX_RECORDS: number; MAX_BATCH_BYTES: number; MAX_RECORD_BYTES: number };
