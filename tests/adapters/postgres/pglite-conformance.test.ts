import { describe, it } from 'vitest';
import { describeStoreConformance } from '../../../src/testing/index.js';
import { pgliteStores } from './pglite-pool.js';

// One in-process database for the file; each test gets a fresh schema of its own.
describeStoreConformance('postgresStore on PGlite', pgliteStores('conformance'), { describe, it });
