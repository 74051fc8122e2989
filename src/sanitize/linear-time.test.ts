import { describe, expect, it } from 'vitest';
import { RedactionSession } from './index.js';

/** Inputs built to make a backtracking regex or a look-back loop go quadratic. */
const ADVERSARIAL: Readonly<Record<string, (n: number) => string>> = {
  letters: (n) => 'a'.repeat(n),
  digits: (n) => '1'.repeat(n),
  digitGroups: (n) => '12 34-56.78 '.repeat(n / 12),
  ats: (n) => 'a.b@'.repeat(n / 4),
  schemes: (n) => 'x://a:b'.repeat(n / 7),
  keyAssignments: (n) => 'password='.repeat(n / 9),
  openQuotes: (n) => '"password": "'.repeat(n / 13),
  pemHeaders: (n) => '-----BEGIN PRIVATE KEY-----'.repeat(n / 27),
  jwtHeads: (n) => 'eyJhbGciOi.'.repeat(n / 11),
  awsPrefixes: (n) => 'AKIA'.repeat(n / 4),
  bearer: (n) => 'Bearer Basic '.repeat(n / 13),
  plusDigits: (n) => '+1 2'.repeat(n / 4),
  ibanHeads: (n) => 'DE89 '.repeat(n / 5),
  oneLongLine: (n) => 'x'.repeat(n / 2) + ' token=abc '.repeat(n / 22),
  dashes: (n) => 'sk-xoxb-glpat-'.repeat(n / 14),
  base64: (n) => 'q8Zr2LmX0vTn5KcW9pYb+R3sD7fG1hJ4wE6uI0o/'.repeat(n / 40),
};

function fastest(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

describe('linear time on adversarial input', () => {
  it.each(Object.entries(ADVERSARIAL))('%s: 8× the input takes far less than 64× the time', (_name, make) => {
    const small = make(25_000);
    const large = make(200_000);
    const tSmall = fastest(() => new RedactionSession().redactText(small));
    const tLarge = fastest(() => new RedactionSession().redactText(large));
    // linear ≈ 8×, quadratic ≈ 64×; the margin absorbs noise from other processes
    expect(tLarge).toBeLessThan(24 * tSmall + 50);
    expect(tLarge).toBeLessThan(2000);
  });
});
