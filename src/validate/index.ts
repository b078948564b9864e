export { validateObjects } from './validate';
export { type FilesReport, type ValidateFilesOptions, validateFiles } from './files';
export { InputError } from './errors';
export { type ParsedFile, loadCrds, readDocuments } from './load';
export type { SchemaError, ValidateOptions } from './types';
