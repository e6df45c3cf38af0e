export type { DecodedRecord } from './decode';
export { decodeRecord } from './decode';
export { EsmEventError } from './errors';
export { recordsOf } from './event';
export type { EsmEvent, EsmEventSource, EsmRecord } from './types';
export { ESM_EVENT_SOURCES } from './types';
