import type { CatalogueKind, Problem } from './records';

/** A spreadsheet or CSV file read into rows per catalogue kind, before any record is checked. */
export interface TableRow {
  row: number;
  values: Record<string, string>;
}

export interface Table {
  kind: CatalogueKind;
  rows: TableRow[];
}

export interface ParsedFile {
  tables: Table[];
  problems: Problem[];
  warnings: string[];
}
