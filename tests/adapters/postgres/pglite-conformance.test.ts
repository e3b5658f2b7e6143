import { afterAll, beforeAll, describe, it } from 'vitest';
import { migrate, postgresStore } from '../../../src/postgres.js';
import { describeStoreConformance } from '../../../src/testing/index.js';
import { pglitePool, type PglitePool } from './pglite-pool.js';

// One in-process database for the file; each test gets a fresh schema of its own.
let pool: PglitePool;
let n = 0;
beforeAll(async () => {
  pool = await pglitePool();
});
afterAll(async () => {
  await pool.end();
});

describeStoreConformance(
  'postgresStore on PGlite',
  async () => {
    const schema = `conformance_${++n}`;
    await migrate(pool, { schema });
    return postgresStore({ pool, schema, endPoolOnClose: false });
  },
  { describe, it },
);
