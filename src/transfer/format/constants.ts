/**
 * Names of the secgov transfer format.
 *
 * @module
 */
import { z } from 'zod';

/** The XML namespace of the secgov transfer format. */
export const TRANSFER_NAMESPACE = 'urn:secgov:transfer';
/** The format version written by this release; readers accept this version only. */
export const TRANSFER_FORMAT_VERSION = 1;
/** The root element of a transfer document. */
export const TRANSFER_ROOT = 'secgov';

/**
 * Which part of the state a document carries or an import applies:
 * - `configuration` (security configuration): the licence catalogue, entry points, privileges, duties and roles;
 * - `governance` (governance data): security categories, the process hierarchy, tasks (with the entry
 *   points they name when exported alone), SoD rules, automatic assignment rules and the governance parameters;
 * - `both`.
 *
 * The split is the one versions use (`versionParts`), so an import's preview compares the same parts.
 */
export type TransferPart = 'governance' | 'configuration' | 'both';
/** Schema of a {@link TransferPart}. */
export const transferPartSchema = z.enum(['governance', 'configuration', 'both']);

/** True when `parts` includes the governance data. */
export function hasGovernance(parts: TransferPart): boolean {
  return parts !== 'configuration';
}
/** True when `parts` includes the security configuration. */
export function hasConfiguration(parts: TransferPart): boolean {
  return parts !== 'governance';
}
