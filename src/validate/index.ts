export { validateObjects } from './validate';
export { type FilesReport, validateFiles } from './files';
export { InputError, type ParsedFile, loadCrds, readDocuments } from './load';
export type { SchemaError, ValidateOptions } from './types';
