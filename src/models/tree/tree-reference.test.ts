// Flywheel's tree against scikit-learn's DecisionTreeClassifier (test/reference/tree.json, written by
// scripts/reference/tree.py): the same rows and train-median imputation rebuilt here, then node-by-node
// equality of the structure (sklearn's depth-first numbering), thresholds, values, impurities, feature
// importances and test-set probabilities. sklearn breaks exact ties between features by a random feature
// order, Flywheel by the lowest index, so every case is checked twice: replaying sklearn's order (every
// tree identical), and with Flywheel's own rule (identical except where a tie went another way).

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCoded, type Frame } from '../../core/frame.js';
import { readTable } from '../../data/read.js';
import { dataset } from '../../../test/fixtures.js';
import { makeMatrix, type Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { SklearnFeatureOrder } from './sklearn-feature-order.js';
import { fitTree, treeKind, type TreeModel } from './tree.js';

interface ReferenceCase {
  name: string;
  dataset: 'breast_cancer' | 'pima_diabetes';
  params: Record<string, unknown>;
  n_features: number;
  n_train: number;
  node_count: number;
  feature: number[];
  threshold: number[];
  children_left: number[];
  children_right: number[];
  value: number[];
  n_node_samples: number[];
  weighted_n_node_samples: number[];
  impurity: number[];
  feature_importances: number[];
  test_proba: number[];
  /** Internal nodes where other features reach the same impurity decrease (within 1e-12). */
  ties: { node: number; features: number[]; sklearn_feature: number }[];
}

const REFERENCE = JSON.parse(readFileSync(new URL('../../../test/reference/tree.json', import.meta.url), 'utf8')) as {
  sklearn_version: string;
  rand_r_seed: number;
  cases: ReferenceCase[];
};

/** Weighted sums taken in another order (class weights, importances' normaliser) differ in the last bits. */
const TOLERANCE = 1e-12;
const THRESHOLD_TOLERANCE = 1e-9;

interface Exclusion {
  /** sklearn's node where the trees first differ. */
  node: number;
  /** Features whose best splits give exactly the same impurity decrease there. */
  tied: number[];
  /** The feature sklearn's random order visited first. */
  sklearn: number;
}

/**
 * Cases that differ from sklearn's tree only because an exact tie between features went another way;
 * each is checked to differ first at that node, with Flywheel taking the lowest tied feature.
 * Feature names: breast_cancer 0 mean radius, 2 mean perimeter, 4 mean smoothness, 7 mean concave
 * points, 10–13 radius/texture/perimeter/area error, 21 worst texture, 24 worst smoothness, 29 worst
 * fractal dimension; pima 0 pregnant, 2 pressure, 3 triceps, 4 insulin, 5 mass, 7 age.
 */
const LOWEST_INDEX_EXCLUSIONS: Record<string, Exclusion> = {
  // 130 rows, 2 negatives: five features cut off the same counts.
  'breast_cancer criterion=gini max_depth=3': { node: 12, tied: [10, 11, 12, 13, 21], sklearn: 11 },
  // 9 rows (8 positives): mean smoothness, worst smoothness and worst fractal dimension isolate the negative.
  'breast_cancer criterion=gini max_depth=6': { node: 6, tied: [4, 24, 29], sklearn: 29 },
  'breast_cancer criterion=entropy max_depth=6': { node: 6, tied: [4, 24, 29], sklearn: 29 },
  // 6 rows: triceps and age split them alike.
  'pima_diabetes criterion=gini max_depth=6': { node: 9, tied: [3, 7], sklearn: 7 },
  // 10 rows: insulin and mass split them alike.
  'pima_diabetes criterion=entropy max_depth=6': { node: 39, tied: [4, 5], sklearn: 5 },
  // 14 rows (1 negative), min_samples_leaf=5: 19 features give the same 5 | 9 split counts.
  'breast_cancer criterion=gini max_depth=6 min_samples_leaf=5': { node: 13, tied: [0, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 18, 21, 22, 23, 24, 25, 28, 29], sklearn: 7 },
  // 8 rows: pregnant, pressure, insulin and age split them alike.
  'pima_diabetes criterion=gini max_depth=6 class_weight=balanced': { node: 41, tied: [0, 2, 4, 7], sklearn: 2 },
};

/**
 * Replaying sklearn's order reproduces every tie except after sklearn searched nodes that Flywheel does
 * not: with class weights, sklearn splits pure nodes 14, 45 and 54 of this tree (rounding leaves their
 * weighted impurity above machine epsilon), drawing from its random generator there, so its order drifts
 * from the replay and a later tie (node 41) goes another way.
 */
const REPLAY_EXCLUSIONS: Record<string, Exclusion> = {
  'pima_diabetes criterion=gini max_depth=6 class_weight=balanced': LOWEST_INDEX_EXCLUSIONS['pima_diabetes criterion=gini max_depth=6 class_weight=balanced']!,
};

/** A tree's node arrays in depth-first numbering, with each node's index in sklearn's own tree. */
interface NodeArrays {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  nNodeSamples: number[];
  weightedNNodeSamples: number[];
  impurity: number[];
  sklearnNode: number[];
}

/**
 * sklearn's tree with every split of a pure node (value exactly 0 or 1) collapsed into a leaf: such a
 * split changes no prediction, and Flywheel never makes it (it happens with fractional class weights).
 */
function sklearnTree(c: ReferenceCase): NodeArrays {
  const out: NodeArrays = { feature: [], threshold: [], left: [], right: [], value: [], nNodeSamples: [], weightedNNodeSamples: [], impurity: [], sklearnNode: [] };
  const add = (node: number): number => {
    const id = out.feature.length;
    const leaf = c.children_left[node] === -1 || c.value[node] === 0 || c.value[node] === 1;
    out.feature.push(leaf ? -2 : c.feature[node]!);
    out.threshold.push(leaf ? -2 : c.threshold[node]!);
    out.left.push(-1);
    out.right.push(-1);
    out.value.push(c.value[node]!);
    out.nNodeSamples.push(c.n_node_samples[node]!);
    out.weightedNNodeSamples.push(c.weighted_n_node_samples[node]!);
    out.impurity.push(c.impurity[node]!);
    out.sklearnNode.push(node);
    if (!leaf) {
      out.left[id] = add(c.children_left[node]!);
      out.right[id] = add(c.children_right[node]!);
    }
    return id;
  };
  add(0);
  return out;
}

interface Design {
  train: Matrix;
  yTrain: Uint8Array;
  test: Matrix;
}

function numeric(frame: Frame, name: string): Float64Array {
  const column = frame.column(name);
  if (isCoded(column)) throw new Error(`${name} is not numeric`);
  return column.values;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

/** breast_cancer: target 1 positive, rows from its split file. pima: target pos, first 75% train, train-median imputation. */
async function buildDesign(name: ReferenceCase['dataset']): Promise<Design> {
  const file = name === 'breast_cancer' ? 'breast_cancer.csv' : 'pima_diabetes.csv';
  const targetName = name === 'breast_cancer' ? 'target' : 'diabetes';
  const { frame } = await readTable(dataset(file));
  let rows: { train: number[]; test: number[] };
  if (name === 'breast_cancer') {
    const split = (await readTable(dataset('breast_cancer.split.csv'))).frame;
    const row = numeric(split, 'row');
    const side = split.column('split');
    if (!isCoded(side)) throw new Error('split column is not text');
    const sideOf = (k: number) => side.levels[side.codes[k]!];
    rows = {
      train: [...row].filter((_, k) => sideOf(k) === 'train').sort((a, b) => a - b),
      test: [...row].filter((_, k) => sideOf(k) === 'test').sort((a, b) => a - b),
    };
  } else {
    const nTrain = Math.floor(0.75 * frame.nRows);
    rows = { train: range(0, nTrain), test: range(nTrain, frame.nRows) };
  }
  const target = frame.column(targetName);
  const isPositive = (i: number): boolean => (isCoded(target) ? target.levels[target.codes[i]!] === 'pos' : target.values[i] === 1);
  const features = frame.names.filter((c) => c !== targetName);
  const train = makeMatrix(rows.train.length, features);
  const test = makeMatrix(rows.test.length, features);
  features.forEach((feature, j) => {
    const values = numeric(frame, feature);
    const present = rows.train.map((i) => values[i]!).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const mid = present.length >> 1;
    const median = present.length % 2 === 1 ? present[mid]! : (present[mid - 1]! + present[mid]!) / 2;
    const fill = (v: number): number => (Number.isNaN(v) ? median : v);
    rows.train.forEach((i, k) => (train.data[j * train.nRows + k] = fill(values[i]!)));
    rows.test.forEach((i, k) => (test.data[j * test.nRows + k] = fill(values[i]!)));
  });
  return { train, yTrain: Uint8Array.from(rows.train, (i) => (isPositive(i) ? 1 : 0)), test };
}

function fit(c: ReferenceCase, design: Design, sklearnOrder: boolean): TreeModel {
  const params = parseParams('tree', treeKind.params, c.params);
  const featureOrder = sklearnOrder ? new SklearnFeatureOrder(design.train.nCols, REFERENCE.rand_r_seed) : undefined;
  return fitTree(design.train, design.yTrain, params, { seed: 0, featureOrder });
}

/** The first node (depth-first) where the structures differ, or −1. */
function firstDifference(model: TreeModel, expected: NodeArrays): number {
  const t = model.arrays;
  const n = Math.min(model.nodeCount, expected.feature.length);
  for (let node = 0; node < n; node++) {
    const same =
      t.feature[node] === expected.feature[node] &&
      t.left[node] === expected.left[node] &&
      t.right[node] === expected.right[node] &&
      t.nNodeSamples[node] === expected.nNodeSamples[node] &&
      Math.abs(t.threshold[node]! - expected.threshold[node]!) <= THRESHOLD_TOLERANCE;
    if (!same) return node;
  }
  return model.nodeCount === expected.feature.length ? -1 : n;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(actual[k]! - expected[k]!));
  expect(worst, `${what}: largest difference`).toBeLessThanOrEqual(tolerance);
}

function expectSameTree(model: TreeModel, c: ReferenceCase, design: Design): void {
  const expected = sklearnTree(c);
  const t = model.arrays;
  expect(firstDifference(model, expected)).toBe(-1);
  expect([...t.feature]).toEqual(expected.feature);
  expect([...t.left]).toEqual(expected.left);
  expect([...t.right]).toEqual(expected.right);
  expect([...t.nNodeSamples]).toEqual(expected.nNodeSamples);
  expectClose(t.threshold, expected.threshold, THRESHOLD_TOLERANCE, 'threshold');
  expectClose(t.value, expected.value, TOLERANCE, 'value');
  expectClose(t.weightedNNodeSamples, expected.weightedNNodeSamples, TOLERANCE * c.n_train, 'weighted_n_node_samples');
  expectClose(t.impurity, expected.impurity, TOLERANCE, 'impurity');
  expectClose(model.featureImportances, c.feature_importances, TOLERANCE, 'feature_importances');
  expectClose(model.predictProba(design.test), c.test_proba, TOLERANCE, 'test predict_proba');
}

function expectDifferenceAtTie(model: TreeModel, c: ReferenceCase, exclusion: Exclusion): void {
  const expected = sklearnTree(c);
  const node = firstDifference(model, expected);
  expect(node).toBeGreaterThanOrEqual(0);
  expect(expected.sklearnNode[node]).toBe(exclusion.node);
  expect(c.ties.find((t) => t.node === exclusion.node)).toEqual({ node: exclusion.node, features: exclusion.tied, sklearn_feature: exclusion.sklearn });
  expect(model.arrays.feature[node]).toBe(Math.min(...exclusion.tied));
  expect(model.arrays.nNodeSamples[node]).toBe(c.n_node_samples[exclusion.node]);
}

describe(`the tree against scikit-learn ${REFERENCE.sklearn_version} DecisionTreeClassifier`, () => {
  const designs = new Map<string, Design>();
  beforeAll(async () => {
    for (const name of ['breast_cancer', 'pima_diabetes'] as const) designs.set(name, await buildDesign(name));
  });

  it('covers both datasets, depths 1, 3 and 6, both criteria, min_samples_leaf and class_weight', () => {
    expect(REFERENCE.cases.map((c) => c.name)).toHaveLength(16);
    const bc = designs.get('breast_cancer')!;
    expect([bc.train.nRows, bc.train.nCols, bc.test.nRows]).toEqual([426, 30, 143]);
    const pima = designs.get('pima_diabetes')!;
    expect([pima.train.nRows, pima.train.nCols, pima.test.nRows]).toEqual([576, 8, 192]);
  });

  for (const [title, sklearnOrder, exclusions] of [
    ["replaying sklearn's random feature order", true, REPLAY_EXCLUSIONS],
    ['with the lowest-index tie rule', false, LOWEST_INDEX_EXCLUSIONS],
  ] as const) {
    describe(title, () => {
      for (const c of REFERENCE.cases) {
        const exclusion = exclusions[c.name];
        if (exclusion === undefined) {
          it(`${c.name}: the same tree and test probabilities`, () => {
            const design = designs.get(c.dataset)!;
            expectSameTree(fit(c, design, sklearnOrder), c, design);
          });
        } else {
          it(`${c.name}: the same tree up to node ${exclusion.node}, an exact tie sklearn broke towards feature ${exclusion.sklearn}`, () => {
            expectDifferenceAtTie(fit(c, designs.get(c.dataset)!, sklearnOrder), c, exclusion);
          });
        }
      }
    });
  }

  it('collapses pure-node splits only where sklearn made them (the weighted depth-6 case)', () => {
    const collapsed = REFERENCE.cases.filter((c) => sklearnTree(c).feature.length !== c.node_count).map((c) => c.name);
    expect(collapsed).toEqual(['pima_diabetes criterion=gini max_depth=6 class_weight=balanced']);
  });
});
