/**
 * `secgov/testing`: helpers for tests and simulations (generator, manual clock, store conformance suite, faulty store).
 *
 * @packageDocumentation
 */
export { generateModel, generateModelData, generatedReferenceDate, modelSizes, type GenerateOptions, type ModelSize, type ModelSizeProfile } from './generate.js';
