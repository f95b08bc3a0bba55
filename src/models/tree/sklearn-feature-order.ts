// scikit-learn's feature order, reproduced exactly (BestSplitter.node_split, sklearn 1.x, max_features =
// all): a Fisher-Yates draw from its xorshift rand_r, seeded with
// `np.random.RandomState(random_state).randint(0, 2**31 - 1)`, over a feature array that persists from
// node to node, with features found constant kept aside for descendants. Used by the reference tests to
// show that Flywheel's trees differ from sklearn's only where sklearn's random order broke an exact tie.

import type { FeatureOrder } from './feature-order.js';

const RAND_R_MAX = 0x7fffffff;

export class SklearnFeatureOrder implements FeatureOrder {
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private state: number;

  /** `randRSeed`: the splitter's rand_r_state, drawn by sklearn from its RandomState at fit. */
  constructor(
    private readonly nFeatures: number,
    randRSeed: number,
  ) {
    this.features = Int32Array.from({ length: nFeatures }, (_, f) => f);
    this.constantFeatures = new Int32Array(nFeatures);
    this.state = randRSeed >>> 0;
  }

  /** sklearn's our_rand_r (xorshift32) reduced modulo 2^31. */
  private randR(): number {
    let s = this.state === 0 ? 1 : this.state;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return s % (RAND_R_MAX + 1);
  }

  private swap(a: number, b: number): void {
    const t = this.features[a]!;
    this.features[a] = this.features[b]!;
    this.features[b] = t;
  }

  /** `knownConstants`: how many features the ancestors found constant (the front of constantFeatures). */
  visit(knownConstants: number, search: (feature: number) => boolean): number {
    const { features, constantFeatures, nFeatures } = this;
    let fI = nFeatures;
    let visited = 0;
    let found = 0;
    let drawn = 0;
    let total = knownConstants;
    while (fI > total && (visited < nFeatures || visited <= found + drawn)) {
      visited++;
      let fJ = drawn + (this.randR() % (fI - found - drawn));
      if (fJ < knownConstants) {
        this.swap(drawn, fJ);
        drawn++;
        continue;
      }
      fJ += found;
      if (!search(features[fJ]!)) {
        this.swap(fJ, total);
        found++;
        total++;
        continue;
      }
      fI--;
      this.swap(fI, fJ);
    }
    features.set(constantFeatures.subarray(0, knownConstants), 0);
    constantFeatures.set(features.subarray(knownConstants, knownConstants + found), knownConstants);
    return total;
  }
}
