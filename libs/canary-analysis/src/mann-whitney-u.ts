import { normalCdf } from './normal-cdf.js';

export interface MannWhitneyU {
  /** U of the canary: pairs where the canary sample is higher, ties counting one half. */
  readonly u: number;
  /** Positive when the canary tends higher than the baseline. */
  readonly z: number;
  /** Two-sided. */
  readonly pValue: number;
}

/**
 * The Mann–Whitney U test (Wilcoxon rank-sum) of canary against baseline: two-sided, midranks
 * for ties, the normal approximation with tie-corrected variance and a continuity correction of
 * ½ (what scipy.stats.mannwhitneyu(canary, baseline, method='asymptotic') computes).
 *
 * With no spread to measure (every value equal, or a side without samples) there is no evidence
 * of a difference: z 0, p-value 1.
 */
export function mannWhitneyU(baseline: readonly number[], canary: readonly number[]): MannWhitneyU {
  const nb = baseline.length;
  const nc = canary.length;
  if (nb === 0 || nc === 0) return { u: 0, z: 0, pValue: 1 };

  const { canaryRankSum, tieTerm } = rank(baseline, canary);
  const u = canaryRankSum - (nc * (nc + 1)) / 2;
  const n = nb + nc;
  const mean = (nb * nc) / 2;
  const variance = ((nb * nc) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, pValue: 1 };

  // The continuity correction moves U half a step towards the mean, never past it.
  const distance = Math.max(0, Math.abs(u - mean) - 0.5);
  const z = (Math.sign(u - mean) * distance) / Math.sqrt(variance);
  return { u, z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

/** The canary's rank sum in the pooled samples (midranks for ties), and Σ(t³ − t) over ties. */
function rank(
  baseline: readonly number[],
  canary: readonly number[],
): { canaryRankSum: number; tieTerm: number } {
  const pooled = [
    ...baseline.map((value) => ({ value, canary: false })),
    ...canary.map((value) => ({ value, canary: true })),
  ].sort((a, b) => a.value - b.value);

  let canaryRankSum = 0;
  let tieTerm = 0;
  let start = 0;
  while (start < pooled.length) {
    let end = start + 1;
    while (end < pooled.length && pooled[end]!.value === pooled[start]!.value) end++;
    // Positions start..end−1 hold ranks start+1..end; each gets their mean.
    const midrank = (start + 1 + end) / 2;
    const ties = end - start;
    for (let i = start; i < end; i++) if (pooled[i]!.canary) canaryRankSum += midrank;
    tieTerm += ties ** 3 - ties;
    start = end;
  }
  return { canaryRankSum, tieTerm };
}
