/**
 * `secgov/testing`: helpers for tests and simulations (generator, manual clock, store conformance suite, faulty store).
 *
 * @packageDocumentation
 */
export { generateModel, generateModelData, generatedReferenceDate, modelSizes, type GenerateOptions, type ModelSize, type ModelSizeProfile } from './generate.js';
export { generateSodRules, type GenerateSodOptions } from './generate-sod.js';
export { ManualClock } from './manual-clock.js';
export { faultyStore, storeWriteMethods, type FaultPlan, type FaultPoint, type FaultyStore } from './faulty-store.js';
export { describeStoreConformance, type TestApi } from './store-conformance.js';
