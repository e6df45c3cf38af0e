export type { ProducerConfig } from './config';
export { loadProducerConfig } from './config';
export { createProducerHandler } from './handler';
export type { ProducerDeps, ProduceSummary } from './produce';
export { produceTicks } from './produce';
