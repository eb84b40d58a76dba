export * from './event-store.port';
export * from './integrity/canonical-json';
export * from './integrity/hash-chain';
export * from './integrity/event-id';
export * from './ledger/event-ledger';
export * from './ledger/log-verifier';
export { defaultSealWorkers } from './ledger/log-seal-pool';
export * from './sqlite/sqlite-event-store';
export * from './ledger/anchor-check';
