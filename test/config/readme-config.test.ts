import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, resolveConfig } from '../../src/config/load-config.js';
import { PROJECT_ROOT, tempDir } from '../support/cli.js';

/** The README's full configuration sample (the first ```yaml block of its Configuration section). */
function readmeSample(): string {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no yaml block in the README\'s Configuration section');
  return block;
}

describe('the README\'s configuration sample', () => {
  it('loads as written, and its defaults are the program\'s', () => {
    const path = join(tempDir('skafu-ai-readme-config-'), 'skafu.yaml');
    writeFileSync(path, readmeSample());
    const config = resolveConfig(loadConfigFile(path));
    const defaults = resolveConfig({});
    expect(config.plans.default).toEqual(defaults.plans.default);
    expect(config.models).toEqual(defaults.models);
    expect(config.cache).toEqual(defaults.cache);
    expect(config.maxTokens).toEqual(defaults.maxTokens);
    expect(config.timeoutMs).toBe(defaults.timeoutMs);
    expect(config.validation).toEqual(defaults.validation);
    expect(config.sanitize).toEqual(defaults.sanitize);
    expect(config.organizations).toEqual({ acme: 'pro' });
    expect(config.plans.team!.perUser.budgetMicroUsdPerDay).toBe(50_000_000);
  });
});
