// The columns a pipeline works on while it runs: the raw input columns, replaced and extended step by
// step (imputed values, one-hot columns, date parts…) until they are the features. An ordered
// name → Column map. Steps never write into a column they read, so the caller's Frame is never mutated.

import { columnLength, isCoded, type Column, type NumericColumn } from '../core/frame.js';

export class WorkingSet {
  readonly nRows: number;
  private readonly order: string[] = [];
  private readonly byName = new Map<string, Column>();

  constructor(nRows: number, columns: readonly Column[]) {
    this.nRows = nRows;
    for (const column of columns) this.append(column);
  }

  get names(): readonly string[] {
    return this.order;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The named column. Names are checked when a pipeline is fitted, so a miss here is a bug. */
  get(name: string): Column {
    const column = this.byName.get(name);
    if (column === undefined) throw new Error(`pipeline working set has no column "${name}" (columns: ${this.order.join(', ')})`);
    return column;
  }

  /** The named column, which a fitted step reads as numbers. */
  numeric(name: string): NumericColumn {
    const column = this.get(name);
    if (isCoded(column)) throw new Error(`pipeline column "${name}" holds categories where a fitted step expects numbers`);
    return column;
  }

  /** Put `columns` where `name` was (one of them may keep the name). */
  replace(name: string, columns: readonly Column[]): void {
    const index = this.order.indexOf(name);
    if (index < 0) throw new Error(`pipeline working set has no column "${name}"`);
    this.byName.delete(name);
    for (const column of columns) this.checkNew(column);
    this.order.splice(index, 1, ...columns.map((c) => c.name));
    for (const column of columns) this.byName.set(column.name, column);
  }

  append(column: Column): void {
    this.checkNew(column);
    this.order.push(column.name);
    this.byName.set(column.name, column);
  }

  private checkNew(column: Column): void {
    if (this.byName.has(column.name)) throw new Error(`pipeline working set already has a column "${column.name}"`);
    if (columnLength(column) !== this.nRows) throw new Error(`column "${column.name}" has ${columnLength(column)} rows, expected ${this.nRows}`);
  }
}
