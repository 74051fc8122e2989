/**
 * vitest global setup: every temporary directory of the run (tests, the CLI processes they start,
 * the stores they open) goes under one fresh directory, removed when the run ends — including what a
 * failed or killed test would have left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'skafu-ai-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
