/** Export: the streaming exporter and its CSV writer (see exporter.ts). */
export { exportRows, exportTo, openExport, EXPORT_PAGE_SIZE, type ExportOptions, type ExportSink, type OpenedExport } from './exporter';
export { BOM, CSV_HEADER, csvField, csvLine, csvValue, entryCsvLines } from './csv';
export { writableSink } from './node-sink';
export { checkExportDescriptor, checkExportDestination, databaseFilesOf, databaseFilesOfSource, writeExportFile } from './destination';
