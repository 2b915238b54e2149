/** The thresholds prod holds a stack to (environment.ts applies them; the schema documents them). */

/** Prod's minimum log retention: a year of audit evidence. */
export const PROD_MIN_RETENTION_DAYS = 365;
/** Prod's key deletion window: the longest AWS allows, to recover from a mistaken deletion. */
export const PROD_DELETION_WINDOW_DAYS = 30;
/** Prod's minimum zone count: survives the loss of a zone with quorum. */
export const PROD_MIN_ZONES = 3;
