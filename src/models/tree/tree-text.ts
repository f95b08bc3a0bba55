// A fitted tree as readable if/else rules, in the layout of scikit-learn's export_text:
//   |--- tenure <= 5.50
//   |   |--- class: 1 (p=0.72, n=310)
//   |--- tenure >  5.50
// A leaf names its majority class (1 when p > 0.5), the weighted fraction of positives p and its
// training rows n.

import { LEAF } from './tree-builder.js';
import type { TreeModel } from './tree-model.js';

export interface TreeTextOptions {
  /** Digits after the decimal point for thresholds and p (default 2, as export_text). */
  decimals?: number;
}

type Item = { node: number; depth: number } | { line: string };

export function treeToText(model: TreeModel, options: TreeTextOptions = {}): string {
  const decimals = options.decimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) throw new RangeError(`treeToText: decimals must be an integer from 0 to 20, found ${decimals}`);
  const { feature, threshold, left, right, value, nNodeSamples } = model.arrays;
  const lines: string[] = [];
  const stack: Item[] = [{ node: 0, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('line' in item) {
      lines.push(item.line);
      continue;
    }
    const { node, depth } = item;
    const prefix = `${'|   '.repeat(depth)}|--- `;
    if (left[node] === LEAF) {
      const p = value[node]!;
      lines.push(`${prefix}class: ${p > 0.5 ? 1 : 0} (p=${p.toFixed(decimals)}, n=${nNodeSamples[node]})`);
      continue;
    }
    const name = model.featureNames[feature[node]!];
    const t = threshold[node]!.toFixed(decimals);
    // Pushed in reverse: the left branch prints first.
    stack.push({ node: right[node]!, depth: depth + 1 }, { line: `${prefix}${name} >  ${t}` }, { node: left[node]!, depth: depth + 1 }, { line: `${prefix}${name} <= ${t}` });
  }
  return `${lines.join('\n')}\n`;
}
