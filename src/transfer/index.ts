/**
 * XML transfer: the secgov transfer format (export, import with preview) and the platform's AOT
 * security metadata (read, write, draft roles to an AOT project), behind one hardened XML reader.
 *
 * @module
 */
export { TRANSFER_NAMESPACE, TRANSFER_FORMAT_VERSION, TRANSFER_ROOT, transferPartSchema, type TransferPart } from './format/constants.js';
export { exportXml, exportXmlChunks, exportXmlStream, type ExportOptions } from './format/export.js';
export type { TransferDocument, RecordSource } from './format/read.js';
export {
  parseXml,
  importXml,
  importChanges,
  previewImport,
  type ImportAction,
  type ImportOptions,
  type ImportPreview,
  type ImportResult,
  type ParseXmlOptions,
} from './format/import.js';
export { defaultXmlLimits, type XmlLimits } from './xml/limits.js';
export type { XmlProblem } from './xml/problems.js';
export { readXmlSource, decodeXml, type XmlSource, type DecodedXml } from './xml/source.js';
export * from './aot/index.js';
