// Small statistics helpers for the aggregation in run.mjs.

const finite = (values) => values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);

/** Quantile with linear interpolation between order statistics. */
function q(sorted, p) {
  if (sorted.length === 1) return sorted[0];
  const i = p * (sorted.length - 1);
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo);
}

export function median(values) {
  const v = finite(values);
  return v.length ? q(v, 0.5) : null;
}

/** `{ median, p25, p75, min, max, n }` of the finite numbers in `values`, or null. */
export function summary(values) {
  const v = finite(values);
  if (v.length === 0) return null;
  return { median: q(v, 0.5), p25: q(v, 0.25), p75: q(v, 0.75), min: v[0], max: v[v.length - 1], n: v.length };
}

export function scale(s, k) {
  return s && { ...s, median: s.median * k, p25: s.p25 * k, p75: s.p75 * k, min: s.min * k, max: s.max * k };
}

const signed = (x, d) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(d)}`;
const plain = (x, d) => (x < 0 ? `−${Math.abs(x).toFixed(d)}` : x.toFixed(d));

/** Cells: median [p25–p75] (the interquartile range over the windows or repeats). */
export const fmt = {
  num: (s, d = 0) => (s ? `${plain(s.median, d)} [${plain(s.p25, d)}–${plain(s.p75, d)}]` : '—'),
  ratio: (s) => (s ? `${s.median.toFixed(3)} [${s.p25.toFixed(3)}–${s.p75.toFixed(3)}]` : '—'),
  pct: (s) => (s ? `${(s.median * 100).toFixed(1)} % [${(s.p25 * 100).toFixed(1)}–${(s.p75 * 100).toFixed(1)}]` : '—'),
  signed: (s, d = 2) => (s ? `${signed(s.median, d)} [${signed(s.p25, d)}…${signed(s.p75, d)}]` : '—'),
  minmax: (s, d = 3) => (s ? `${plain(s.min, d)}–${plain(s.max, d)}` : '—'),
};
