/** The SoD service simulation (tests/sod/service-simulation.ts) on PostgreSQL, in-process (PGlite). */
import { describeSodSimulation } from '../../sod/service-simulation.js';
import { pgliteStores } from './pglite-pool.js';

// One in-process database for the file; each run gets a fresh schema of its own.
describeSodSimulation('PostgreSQL on PGlite', pgliteStores('sod_simulation'), 20);
