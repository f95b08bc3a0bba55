// The binary target: checks that it exists, has no missing values and exactly two classes, and picks
// the positive class (given as the label's text; by default the minority class). Labels are 0/1 bytes.

import { FlywheelError } from '../core/errors.js';
import { isCoded, type Frame } from '../core/frame.js';

export interface BinaryTarget {
  name: string;
  /** 1 where the row's label is the positive class. */
  y: Uint8Array;
  positive: string;
  negative: string;
  positiveCount: number;
  negativeCount: number;
  /** Where the positive class came from: the config, the command line, or the minority-class default. */
  positiveSource: 'config' | 'flag' | 'minority';
}

export function binaryTarget(frame: Frame, name: string, positive?: { label: string; source: 'config' | 'flag' }): BinaryTarget {
  const column = frame.column(name, 'target column');
  const n = frame.nRows;
  const labelOf = new Int32Array(n);
  const labels: string[] = [];
  const index = new Map<string, number>();
  let missing = 0;
  if (isCoded(column)) {
    const codeToLabel = new Int32Array(column.levels.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const code = column.codes[i]!;
      if (code < 0) {
        missing++;
        labelOf[i] = -1;
        continue;
      }
      if (codeToLabel[code] === -1) {
        const text = column.levels[code]!;
        let k = index.get(text);
        if (k === undefined) {
          k = labels.length;
          labels.push(text);
          index.set(text, k);
        }
        codeToLabel[code] = k;
      }
      labelOf[i] = codeToLabel[code]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const text = frame.cellText(column, i);
      if (text === undefined) {
        missing++;
        labelOf[i] = -1;
        continue;
      }
      let k = index.get(text);
      if (k === undefined) {
        k = labels.length;
        labels.push(text);
        index.set(text, k);
        if (labels.length > 50) break;
      }
      labelOf[i] = k;
    }
  }
  if (labels.length > 2) {
    const shown = labels.slice(0, 5).map((l) => JSON.stringify(l)).join(', ');
    throw new FlywheelError('target_invalid', `target "${name}" has ${labels.length > 50 ? 'more than 50' : labels.length} distinct values (${shown}${labels.length > 5 ? ', …' : ''}); Flywheel does binary classification first`, {
      hint: 'choose a target with exactly two classes, or derive one (for example churned = days_active < 30) and point --target at it',
    });
  }
  if (missing > 0) {
    throw new FlywheelError('target_invalid', `target "${name}" is missing in ${missing} of ${n} rows`, {
      hint: 'drop the unlabelled rows or fill in their labels before training (unlabelled rows cannot be learned from or evaluated)',
      details: { missing },
    });
  }
  if (labels.length < 2) {
    throw new FlywheelError('target_invalid', `target "${name}" has one class only (${JSON.stringify(labels[0] ?? '')}); a binary classifier needs two`, {
      hint: 'check that the file holds both outcomes, or choose another target column',
    });
  }
  const counts = [0, 0];
  for (let i = 0; i < n; i++) counts[labelOf[i]!]!++;
  let positiveIndex: number;
  let positiveSource: BinaryTarget['positiveSource'];
  if (positive !== undefined) {
    positiveIndex = labels.indexOf(positive.label);
    if (positiveIndex < 0) {
      throw new FlywheelError('target_invalid', `positive class "${positive.label}" is not a value of target "${name}" (its values are ${labels.map((l) => JSON.stringify(l)).join(' and ')})`, {
        hint: `set positive to one of them${positive.source === 'config' ? ' in flywheel.yaml' : ' with --positive'}; it is compared with the label's text`,
      });
    }
    positiveSource = positive.source;
  } else {
    // The minority class; on a tie, the label that sorts last (so "1" over "0", "yes" over "no").
    positiveIndex = counts[0]! < counts[1]! ? 0 : counts[1]! < counts[0]! ? 1 : labels[0]! > labels[1]! ? 0 : 1;
    positiveSource = 'minority';
  }
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) y[i] = labelOf[i] === positiveIndex ? 1 : 0;
  return {
    name,
    y,
    positive: labels[positiveIndex]!,
    negative: labels[1 - positiveIndex]!,
    positiveCount: counts[positiveIndex]!,
    negativeCount: counts[1 - positiveIndex]!,
    positiveSource,
  };
}
