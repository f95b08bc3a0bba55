// The store layer's public surface: the capability interfaces and records, and `openStore`, the
// one way the layers above obtain a Store. Backends stay behind it.

export * from './types.js';
export { openStore, migrateStore, effectiveStoreUrl, parseStoreUrl, redactStoreUrl, STORE_URL_ENV, STORE_URL_FORMS } from './open-store.js';
export { copyStore } from './store-copy.js';
export type { OpenStoreOptions, StoreLocation } from './open-store.js';
export { MIN_PREFIX_LENGTH } from './prefix-lookup.js';
export { LATEST_SCHEMA_VERSION } from './migrations.js';
