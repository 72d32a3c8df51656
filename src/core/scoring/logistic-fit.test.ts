import { describe, expect, it } from 'vitest';
import { fitLogistic, sigmoid, solveSymmetric } from './logistic-fit';

describe('fitLogistic', () => {
  it('an unpenalised fit of two groups gives each group its observed log-odds', () => {
    // Columns: intercept, x. Group x=0: 1 of 2 positive (log-odds 0); group x=1: 3 of 4 (log-odds ln 3).
    const x = [
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ];
    const y = [1, 0, 1, 1, 1, 0];
    const fit = fitLogistic({ x, y, penalty: [0, 0] });
    expect(fit.beta[0]).toBeCloseTo(0, 8);
    expect(fit.beta[1]).toBeCloseTo(Math.log(3), 8);
  });

  it('a penalised coefficient solves gradient = 0: 3 − 4σ(b) − λb = 0', () => {
    // Four examples with x = 1, three positive; penalty λ = 2 towards 0.
    const fit = fitLogistic({ x: [[1], [1], [1], [1]], y: [1, 1, 1, 0], penalty: [2] });
    const b = fit.beta[0]!;
    expect(3 - 4 * sigmoid(b) - 2 * b).toBeCloseTo(0, 9);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(Math.log(3));
  });

  it('a coefficient no example informs stays at its prior', () => {
    const fit = fitLogistic({
      x: [
        [1, 0],
        [1, 0],
        [1, 0],
      ],
      y: [1, 0, 1],
      penalty: [0, 1],
      prior: [0, 2.5],
    });
    expect(fit.beta[1]).toBeCloseTo(2.5, 10);
    expect(fit.beta[0]).toBeCloseTo(Math.log(2), 8);
  });

  it('the offset shifts the log-odds: a fit with offset ln 3 and no data signal returns 0', () => {
    const fit = fitLogistic({ x: [[1], [1], [1], [1]], y: [1, 1, 1, 0], offset: [Math.log(3), Math.log(3), Math.log(3), Math.log(3)], penalty: [0] });
    expect(fit.beta[0]).toBeCloseTo(0, 8);
  });

  it('holds a coefficient that wants the wrong sign at its bound and refits the rest', () => {
    // x2 is seen only on a negative example: unbounded it goes negative; bounded at >= 0 it is 0.
    const x = [
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 0],
    ];
    const y = [1, 0, 0, 1];
    const free = fitLogistic({ x, y, penalty: [0, 1] });
    expect(free.beta[1]).toBeLessThan(0);
    const bounded = fitLogistic({ x, y, penalty: [0, 1], lower: [-Infinity, 0] });
    expect(bounded.beta[1]).toBe(0);
    expect(bounded.atBound).toEqual([false, true]);
    // With x2 held at 0 the intercept is the log-odds of all four: 2 of 4 → 0.
    expect(bounded.beta[0]).toBeCloseTo(0, 8);
  });

  it('stays finite on separable data when penalised', () => {
    const fit = fitLogistic({ x: [[1], [1], [0], [0]], y: [1, 1, 0, 0], offset: [-1, -1, -1, -1], penalty: [0.5] });
    expect(Number.isFinite(fit.beta[0])).toBe(true);
    expect(fit.beta[0]).toBeGreaterThan(1);
  });
});

describe('solveSymmetric', () => {
  it('solves a 2x2 system', () => {
    const s = solveSymmetric(
      [
        [4, 2],
        [2, 3],
      ],
      [2, 1],
    );
    expect(s[0]).toBeCloseTo(0.5, 12);
    expect(s[1]).toBeCloseTo(0, 12);
  });
});
