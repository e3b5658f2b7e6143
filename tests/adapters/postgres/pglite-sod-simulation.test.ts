/** The SoD service simulation (tests/sod/service-simulation.ts) on PostgreSQL, in-process (PGlite). */
import { afterAll, beforeAll } from 'vitest';
import { migrate, postgresStore } from '../../../src/postgres.js';
import { describeSodSimulation } from '../../sod/service-simulation.js';
import { pglitePool, type PglitePool } from './pglite-pool.js';

// One in-process database for the file; each run gets a fresh schema of its own.
let pool: PglitePool;
let n = 0;
beforeAll(async () => {
  pool = await pglitePool();
});
afterAll(async () => {
  await pool.end();
});

describeSodSimulation(
  'PostgreSQL on PGlite',
  async () => {
    const schema = `sod_simulation_${++n}`;
    await migrate(pool, { schema });
    return postgresStore({ pool, schema, endPoolOnClose: false });
  },
  20,
);
