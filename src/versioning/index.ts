/**
 * Versions: compare two models (two versions, or a version and the current state), the change
 * records that turn one into the other, and the changes that restore a version's parts.
 *
 * @module
 */
export { comparedKinds, partNames, versionParts, restorableParts, partOfKind, type ComparedKind, type Part, type RestoreParts } from './parts.js';
export { compareModels, type CompareOptions, type ComparisonEntry, type ComparisonStatus, type KindSummary, type ModelComparison, type RecordOfKind, type VersionedRecord } from './compare.js';
export type { FieldChange, FieldValue, RightChange } from './fields.js';
export { renderComparison, renderFieldChange, comparedKindLabels } from './render.js';
export { comparisonChanges } from './changes.js';
export { restoreChanges, partsOfRestore, type RestoreNote, type RestoreOptions, type RestorePlan } from './restore.js';
