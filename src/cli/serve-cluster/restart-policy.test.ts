import { describe, expect, it } from 'vitest';
import { createRestartPolicy } from './restart-policy.js';

const OPTIONS = { quickExitMs: 10_000, maxQuickExits: 4, baseDelayMs: 100, maxDelayMs: 300 };

describe('worker restart policy', () => {
  it('replaces a worker that ran a while at once', () => {
    const policy = createRestartPolicy(OPTIONS);
    expect(policy.onExit({ listened: true, livedMs: 60_000 })).toEqual({ giveUp: false, delayMs: 0, quickExits: 0 });
    expect(policy.onExit({ listened: true, livedMs: 60_000 })).toEqual({ giveUp: false, delayMs: 0, quickExits: 0 });
  });

  it('backs off, doubling up to the cap, while workers die at start, and gives up after enough in a row', () => {
    const policy = createRestartPolicy(OPTIONS);
    const decisions = [1, 2, 3, 4].map(() => policy.onExit({ listened: false, livedMs: 800 }));
    expect(decisions).toEqual([
      { giveUp: false, delayMs: 100, quickExits: 1 },
      { giveUp: false, delayMs: 200, quickExits: 2 },
      { giveUp: false, delayMs: 300, quickExits: 3 },
      { giveUp: true, quickExits: 4 },
    ]);
  });

  it('counts a worker that listened but died soon after as a quick exit', () => {
    const policy = createRestartPolicy(OPTIONS);
    expect(policy.onExit({ listened: true, livedMs: 2_000 })).toMatchObject({ giveUp: false, quickExits: 1 });
  });

  it('counts a worker that never listened as a quick exit however long it took', () => {
    const policy = createRestartPolicy(OPTIONS);
    expect(policy.onExit({ listened: false, livedMs: 60_000 })).toMatchObject({ giveUp: false, quickExits: 1 });
  });

  it('a worker that ran a while ends the streak', () => {
    const policy = createRestartPolicy(OPTIONS);
    for (let i = 0; i < 3; i++) policy.onExit({ listened: false, livedMs: 100 });
    expect(policy.onExit({ listened: true, livedMs: 60_000 })).toEqual({ giveUp: false, delayMs: 0, quickExits: 0 });
    expect(policy.onExit({ listened: false, livedMs: 100 })).toEqual({ giveUp: false, delayMs: 100, quickExits: 1 });
  });
});
