/** A measured figure in a reason: four decimals below 1 (error rates), one decimal above. */
export function figure(value: number): string {
  return Math.abs(value) < 1 ? value.toFixed(4) : value.toFixed(1);
}

/**
 * A ratio that broke a limit, with as few decimals (one to four) as show it above the limit:
 * "1.34×" rather than a "1.3×" that reads as equal to an allowed 1.3×.
 */
export function ratioAbove(ratio: number, limit: number): string {
  for (let decimals = 1; decimals < 4; decimals++) {
    const shown = ratio.toFixed(decimals);
    if (Number(shown) > limit) return `${shown}×`;
  }
  return `${ratio.toFixed(4)}×`;
}

/** A p-value: fixed below 1e−3 would read 0.0000. */
export function pValueText(pValue: number): string {
  return pValue < 0.001 ? pValue.toExponential(1) : pValue.toFixed(4);
}
