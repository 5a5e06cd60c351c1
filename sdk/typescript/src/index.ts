// The generated SDK (one function per operation, the spec's types) and the helpers.
export * from './generated/index.js';
export type { Client, Config, RequestResult } from './generated/client/index.js';
export * from './client.js';
export * from './stream.js';
export * from './sse.js';
export * from './files.js';
