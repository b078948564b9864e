export { validateObjects } from './validate';
export { type FilesReport, validateFiles } from './files';
export { InputError, MANIFEST_EXTENSIONS, type ParsedFile, expandPaths, loadCrds, readDocuments } from './load';
export type { SchemaError, ValidateOptions } from './types';
