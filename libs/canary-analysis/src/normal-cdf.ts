/**
 * Φ(x), the standard normal distribution function, to full double precision including the far
 * tails (Φ(−8) ≈ 6.2e−16 keeps its digits instead of becoming 1 − 1). This is W. J. Cody's
 * rational Chebyshev approximation (ANORM, ACM TOMS Algorithm 715, 1993; the same one R's pnorm
 * uses), accurate to about 1e−15 relative. The short Abramowitz–Stegun formulas are not enough:
 * their absolute error (~1e−7) is larger than the small p-values a canary analysis compares.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= 0.66291) return 0.5 + x * central(x * x);
  // Both give the smaller tail, Φ(−|x|); beyond 40 it is below the smallest double.
  const lowerTail = y <= SQRT_32 ? middleTail(y) : y < 40 ? farTail(y) : 0;
  return x > 0 ? 1 - lowerTail : lowerTail;
}

const SQRT_32 = Math.sqrt(32);
const ONE_OVER_SQRT_2PI = 0.3989422804014327;

// Cody's coefficients (published to 20 digits, written here as the doubles they round to).
// |x| ≤ 0.66291.
const A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356,
  0.06568233791820745,
] as const;
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673] as const;
// 0.66291 < |x| ≤ sqrt(32).
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
] as const;
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
] as const;
// |x| > sqrt(32).
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174,
] as const;
const Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824,
  0.00007297515550839662,
] as const;

/** (Φ(x) − 0.5) / x as a rational function of x². */
function central(xsq: number): number {
  let numerator = A[4] * xsq;
  let denominator = xsq;
  for (let i = 0; i < 3; i++) {
    numerator = (numerator + A[i]!) * xsq;
    denominator = (denominator + B[i]!) * xsq;
  }
  return (numerator + A[3]) / (denominator + B[3]);
}

/** Φ(−y) for 0.66291 < y ≤ sqrt(32). */
function middleTail(y: number): number {
  let numerator = C[8] * y;
  let denominator = y;
  for (let i = 0; i < 7; i++) {
    numerator = (numerator + C[i]!) * y;
    denominator = (denominator + D[i]!) * y;
  }
  return gaussian(y) * ((numerator + C[7]) / (denominator + D[7]));
}

/** Φ(−y) for y > sqrt(32). */
function farTail(y: number): number {
  const xsq = 1 / (y * y);
  let numerator = P[5] * xsq;
  let denominator = xsq;
  for (let i = 0; i < 4; i++) {
    numerator = (numerator + P[i]!) * xsq;
    denominator = (denominator + Q[i]!) * xsq;
  }
  const ratio = (xsq * (numerator + P[4])) / (denominator + Q[4]);
  return gaussian(y) * ((ONE_OVER_SQRT_2PI - ratio) / y);
}

/**
 * exp(−y²/2), split as Cody does: y² is computed from y rounded to 1/16 plus a small correction,
 * so the exponent's rounding error does not grow with y.
 */
function gaussian(y: number): number {
  const rounded = Math.trunc(y * 16) / 16;
  const rest = (y - rounded) * (y + rounded);
  return Math.exp(-rounded * rounded * 0.5) * Math.exp(-rest * 0.5);
}
