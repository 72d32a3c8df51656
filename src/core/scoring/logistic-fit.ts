/**
 * Penalised logistic regression by Newton's method (iteratively reweighted least squares), for
 * `npm run fit-weights` (scripts/fit-weights.ts). Small and exact for the job: a few hundred
 * pages and a few dozen signals, solved to machine precision in a handful of iterations.
 *
 * Model: P(y = 1) = σ(offset + x·β). Penalty: Σ_j (penalty_j / 2) (β_j − prior_j)², a Gaussian
 * prior centred on `prior` (penalty 0: unpenalised). Bounds: a coefficient that ends outside its
 * [lower, upper] is held at the bound and the others are fitted again, until all are inside.
 */
export interface LogisticProblem {
  /** One row per example, one column per coefficient. */
  x: readonly (readonly number[])[];
  /** 1 or 0 per example. */
  y: readonly number[];
  /** Fixed log-odds added to every example's (0 when absent). */
  offset?: readonly number[];
  /** Where each coefficient is pulled to (0 when absent). */
  prior?: readonly number[];
  /** Strength of the pull per coefficient (the inverse variance of its prior). */
  penalty: readonly number[];
  lower?: readonly number[];
  upper?: readonly number[];
}

export interface LogisticFit {
  beta: number[];
  /** Coefficients held at a bound. */
  atBound: boolean[];
  iterations: number;
  /** Penalised negative log-likelihood at the solution. */
  loss: number;
}

const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-10;

export function fitLogistic(p: LogisticProblem): LogisticFit {
  const d = p.penalty.length;
  const n = p.y.length;
  if (p.x.length !== n || p.x.some((row) => row.length !== d)) throw new Error('fitLogistic: x must have one row per example and one column per coefficient');
  const prior = p.prior ?? new Array<number>(d).fill(0);
  const lower = p.lower ?? new Array<number>(d).fill(-Infinity);
  const upper = p.upper ?? new Array<number>(d).fill(Infinity);
  const held = new Array<number | null>(d).fill(null);
  let fit = newton(p, prior, held);
  // Active set: hold every coefficient found outside its bounds at that bound, and fit again.
  for (let round = 0; round < d; round++) {
    let changed = false;
    for (let j = 0; j < d; j++) {
      if (held[j] !== null) continue;
      if (fit.beta[j]! < lower[j]!) ((held[j] = lower[j]!), (changed = true));
      else if (fit.beta[j]! > upper[j]!) ((held[j] = upper[j]!), (changed = true));
    }
    if (!changed) break;
    fit = newton(p, prior, held);
  }
  return { ...fit, atBound: held.map((h) => h !== null) };
}

function newton(p: LogisticProblem, prior: readonly number[], held: readonly (number | null)[]): Omit<LogisticFit, 'atBound'> {
  const d = p.penalty.length;
  const free = [...Array(d).keys()].filter((j) => held[j] === null);
  const beta = prior.map((v, j) => held[j] ?? v);
  let iterations = 0;
  let loss = lossAt(p, prior, beta);
  for (; iterations < MAX_ITERATIONS && free.length > 0; iterations++) {
    // Gradient and Hessian of the penalised negative log-likelihood, over the free coefficients.
    const g = free.map((j) => p.penalty[j]! * (beta[j]! - prior[j]!));
    const h = free.map((j, a) => free.map((_, b) => (a === b ? p.penalty[j]! : 0)));
    for (let i = 0; i < p.y.length; i++) {
      const row = p.x[i]!;
      const prob = sigmoid(linear(p, i, beta));
      const w = prob * (1 - prob);
      for (let a = 0; a < free.length; a++) {
        const xa = row[free[a]!]!;
        if (xa === 0) continue;
        g[a]! += (prob - p.y[i]!) * xa;
        for (let b = 0; b < free.length; b++) h[a]![b]! += w * xa * row[free[b]!]!;
      }
    }
    const step = solveSymmetric(h, g);
    // Newton step, halved while it does not lower the loss (keeps separable data from overshooting).
    let t = 1;
    let next = beta;
    let nextLoss = loss;
    for (let k = 0; k < 30; k++, t /= 2) {
      next = beta.slice();
      free.forEach((j, a) => (next[j] = beta[j]! - t * step[a]!));
      nextLoss = lossAt(p, prior, next);
      if (nextLoss <= loss) break;
    }
    const moved = Math.max(...free.map((j) => Math.abs(next[j]! - beta[j]!)));
    for (const j of free) beta[j] = next[j]!;
    loss = Math.min(loss, nextLoss);
    if (moved < TOLERANCE) break;
  }
  return { beta, iterations, loss };
}

function linear(p: LogisticProblem, i: number, beta: readonly number[]): number {
  let z = p.offset?.[i] ?? 0;
  const row = p.x[i]!;
  for (let j = 0; j < beta.length; j++) z += row[j]! * beta[j]!;
  return z;
}

function lossAt(p: LogisticProblem, prior: readonly number[], beta: readonly number[]): number {
  let loss = 0;
  for (let i = 0; i < p.y.length; i++) {
    const z = linear(p, i, beta);
    // log(1 + e^z) − y z, computed without overflow.
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - p.y[i]! * z;
  }
  for (let j = 0; j < beta.length; j++) loss += (p.penalty[j]! / 2) * (beta[j]! - prior[j]!) ** 2;
  return loss;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Solves H s = g for a symmetric positive semi-definite H by Cholesky decomposition. A tiny ridge
 * is added to the diagonal when H is singular (an unpenalised coefficient no example informs).
 */
export function solveSymmetric(h: readonly (readonly number[])[], g: readonly number[]): number[] {
  const n = g.length;
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-12 : ridge * 100) {
    const l = cholesky(h, ridge);
    if (!l) {
      if (ridge > 1) throw new Error('solveSymmetric: matrix is not positive semi-definite');
      continue;
    }
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = g[i]!;
      for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
      y[i] = s / l[i]![i]!;
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
      x[i] = s / l[i]![i]!;
    }
    return x;
  }
}

function cholesky(h: readonly (readonly number[])[], ridge: number): number[][] | null {
  const n = h.length;
  const l = h.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i]![j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i]![i] = Math.sqrt(s);
      } else l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}
