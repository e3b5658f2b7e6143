/**
 * The platform's AOT security metadata: read, write, convert to model data, draft roles to an AOT project.
 *
 * @module
 */
export {
  aotKinds,
  aotRights,
  aotGrantValues,
  readAotObject,
  writeAotObject,
  writeAotText,
  sourceXml,
  type AotKind,
  type AotRight,
  type AotGrant,
  type AotGrantValue,
  type AotEntryPoint,
  type AotPermission,
  type AotVerbatim,
  type AotObject,
  type ReadAotOptions,
} from './objects.js';
export type { AotElement, AotTree } from './tree.js';
export { readAotFolder, writeAotFolder, aotFilePath, type AotDirEntry, type AotFileSystem, type AotFileFailure, type AotFolder, type ReadAotFolderOptions } from './folder.js';
export { aotToModelData, draftRolesToAotProject, aotObjectTypes, aotLicenses, type AotModelData, type AotNote, type AotProject, type DraftProjectOptions } from './model.js';
