/** The SoD service simulation (tests/sod/service-simulation.ts) on the memory store. */
import { memoryStore } from '../../src/index.js';
import { describeSodSimulation } from './service-simulation.js';

describeSodSimulation('memory store', async () => memoryStore(), 60);
