// A readable text dump of the trees, one node per line, indented by depth (as XGBoost's get_dump):
// `0:[tenure<=12.5] yes=1,no=2,missing=1,gain=…,cover=…` for splits, `1:leaf=-0.0312,cover=…` for leaves.

import type { GbtTree } from './gbt-tree.js';

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

export function treeText(tree: GbtTree, featureNames: readonly string[]): string {
  const a = tree.arrays;
  const lines: string[] = [];
  const visit = (node: number, depth: number): void => {
    const indent = '\t'.repeat(depth);
    if (a.left[node]! < 0) {
      lines.push(`${indent}${node}:leaf=${formatNumber(a.value[node]!)},cover=${formatNumber(a.cover[node]!)}`);
      return;
    }
    const name = featureNames[a.feature[node]!] ?? `f${a.feature[node]}`;
    let test: string;
    if (a.catStart[node]! < 0) test = `${name}<=${formatNumber(a.threshold[node]!)}`;
    else {
      const codes = Array.from(a.catCodes.subarray(a.catStart[node]!, a.catStart[node]! + a.catLength[node]!), formatNumber).join(',');
      test = `${name} ${a.catListedLeft[node] === 1 ? 'in' : 'not in'} {${codes}}`;
    }
    const missing = a.defaultLeft[node] === 1 ? a.left[node] : a.right[node];
    lines.push(`${indent}${node}:[${test}] yes=${a.left[node]},no=${a.right[node]},missing=${missing},gain=${formatNumber(a.gain[node]!)},cover=${formatNumber(a.cover[node]!)}`);
    visit(a.left[node]!, depth + 1);
    visit(a.right[node]!, depth + 1);
  };
  visit(0, 0);
  return lines.join('\n');
}

/** Every tree, each headed `booster[k]:`. */
export function treesText(trees: readonly GbtTree[], featureNames: readonly string[]): string {
  return trees.map((tree, k) => `booster[${k}]:\n${treeText(tree, featureNames)}`).join('\n') + '\n';
}
