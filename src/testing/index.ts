/**
 * `secgov/testing`: helpers for tests and simulations (generator, manual clock, store conformance suite, faulty store).
 *
 * @packageDocumentation
 */
export {};
