/**
 * Summarises a V8 CPU profile (`.cpuprofile`, e.g. from `npx tsx bench/http.ts --cpu-prof`): self time
 * by function and by source area, so the slow stage of the pipeline is visible without a browser.
 *
 *   npx tsx bench/http-profile.ts bench/results/http-cpu-profile/<file>.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
const file = positionals[0];
if (!file) throw new Error('usage: npx tsx bench/http-profile.ts <file.cpuprofile> [--top N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function area(url: string): string {
  if (!url) return '(native / idle / gc)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `dep ${nm[1]}`;
  const src = /\/(src|dist|test|bench)\/([^/]+)(?:\/([^/]+))?/.exec(url);
  if (src) return `${src[1]}/${src[2]}${src[3] && !src[3].includes('.') ? `/${src[3]}` : ''}`;
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  return url;
}

/** Which first-party area a sample ran under (nearest src/ frame up the stack). */
function owner(id: number): string {
  let current: number | undefined = id;
  while (current !== undefined) {
    const url = byId.get(current)?.callFrame.url ?? '';
    if (/\/(src|dist)\//.test(url)) return area(url);
    current = parent.get(current);
  }
  return '(outside src/)';
}

const fn = new Map<string, number>();
const areas = new Map<string, number>();
const owners = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
  fn.set(name, (fn.get(name) ?? 0) + us);
  areas.set(area(node.callFrame.url), (areas.get(area(node.callFrame.url)) ?? 0) + us);
  owners.set(owner(id), (owners.get(owner(id)) ?? 0) + us);
}
const top = Number(values.top);
const print = (title: string, map: Map<string, number>): void => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
  }
};
process.stdout.write(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
print('self time by area', areas);
print('self time by the first-party area it ran under', owners);
print('self time by function', fn);
