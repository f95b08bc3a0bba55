// A small streaming CSV scanner for the error path and the header: it finds the header's names and the
// first record whose field count differs from the header, with its line number, so a malformed file gets
// a message that points at the line instead of a parser's generic complaint.

import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { isGzip } from './source-format.js';

export interface CsvProblem {
  line: number;
  message: string;
}

function open(path: string): Readable {
  const stream = createReadStream(path);
  return isGzip(path) ? stream.pipe(createGunzip()) : stream;
}

/** The fields of the first record (the header), honouring double quotes. */
export async function readCsvHeader(path: string, delimiter: string): Promise<string[]> {
  let header: string[] = [];
  await scan(path, delimiter, (fields) => {
    header = fields;
    return false;
  });
  return header;
}

/** The first record whose field count differs from the header's, or an unclosed quote; undefined if none. */
export async function findMalformedRecord(path: string, delimiter: string): Promise<CsvProblem | undefined> {
  let expected = -1;
  let problem: CsvProblem | undefined;
  const unclosed = await scan(path, delimiter, (fields, line) => {
    if (expected < 0) {
      expected = fields.length;
      return true;
    }
    if (fields.length === 1 && fields[0] === '') return true; // a blank line
    if (fields.length !== expected) {
      problem = { line, message: `has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${expected}` };
      return false;
    }
    return true;
  });
  return problem ?? (unclosed === undefined ? undefined : { line: unclosed, message: 'opens a quoted field that is never closed' });
}

/**
 * Calls `onRecord(fields, startLine)` for each record until it returns false. Returns the line of a
 * quoted field still open at the end of the file, if any.
 */
async function scan(path: string, delimiter: string, onRecord: (fields: string[], line: number) => boolean): Promise<number | undefined> {
  const delim = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteJustClosed = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let pendingCR = false;
  const stream = open(path);
  try {
    for await (const chunk of stream) {
      const text = (chunk as Buffer).toString('utf8');
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (pendingCR && ch !== 10) pendingCR = false;
        if (inQuotes) {
          if (ch === 34) {
            inQuotes = false;
            quoteJustClosed = true;
          } else {
            if (ch === 10) line++;
            field += text[i];
          }
          continue;
        }
        if (ch === 34) {
          if (quoteJustClosed) field += '"'; // an escaped quote ("")
          inQuotes = true;
          quoteLine = line;
          quoteJustClosed = false;
          continue;
        }
        quoteJustClosed = false;
        if (ch === delim) {
          fields.push(field);
          field = '';
        } else if (ch === 10 || ch === 13) {
          if (ch === 10 && pendingCR) {
            pendingCR = false;
            continue;
          }
          pendingCR = ch === 13;
          fields.push(field);
          if (!onRecord(fields, recordLine)) return undefined;
          fields = [];
          field = '';
          line++;
          recordLine = line;
        } else {
          field += text[i];
        }
      }
    }
  } finally {
    stream.destroy();
  }
  if (inQuotes) return quoteLine;
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    onRecord(fields, recordLine);
  }
  return undefined;
}
