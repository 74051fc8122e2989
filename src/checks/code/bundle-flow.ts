import path from 'node:path';
import type { ExternalCall } from './data-flow.js';
import { DataFlow } from './data-flow.js';
import type { ModuleIR } from './ir.js';
import type { CodeLanguage } from './rule-context.js';

export interface CodeUnit {
  path: string;
  language: CodeLanguage;
  module: ModuleIR;
}

const MAX_ROUNDS = 4;
const SCRIPT_EXTENSION = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** The bundle file an import names, for Python modules and relative JS/TS specifiers. */
export function resolveImport(importer: CodeUnit, spec: string, units: readonly CodeUnit[]): CodeUnit | undefined {
  const dir = path.posix.dirname(importer.path);
  if (importer.language === 'python') {
    const relative = spec.startsWith('.');
    const modulePath = spec.replace(/^\.+/, '').replace(/\./g, '/');
    const python = units.filter((u) => u.language === 'python');
    const stem = (u: CodeUnit): string => u.path.replace(/\.py$/, '').replace(/\/__init__$/, '');
    if (relative) return python.find((u) => stem(u) === path.posix.join(dir, modulePath));
    return python.find((u) => stem(u) === modulePath) ?? python.find((u) => stem(u).endsWith(`/${modulePath}`));
  }
  if (!spec.startsWith('.')) return undefined;
  const target = path.posix.normalize(path.posix.join(dir, spec)).replace(SCRIPT_EXTENSION, '');
  return units.find((u) => {
    const stem = u.path.replace(SCRIPT_EXTENSION, '');
    return u.language !== 'python' && (stem === target || stem === `${target}/index`);
  });
}

type Seeds = Map<string, Map<string, number[]>>;

function addCall(seeds: Seeds, target: string, call: ExternalCall): void {
  const byFunction = seeds.get(target) ?? new Map<string, number[]>();
  seeds.set(target, byFunction);
  const masks = byFunction.get(call.member) ?? [];
  call.args.forEach((mask, i) => { masks[i] = (masks[i] ?? 0) | mask; });
  byFunction.set(call.member, masks);
}

function fingerprint(seeds: Seeds): string {
  return JSON.stringify([...seeds].map(([file, fns]) => [file, [...fns].sort(([a], [b]) => a.localeCompare(b))]).sort());
}

/**
 * Data flow for every code file of a bundle, with taint carried across the bundle's own imports: a
 * handler passing `event` data to `find_orders(cursor, customer_id)` in `repository.py` taints that
 * parameter there. Iterates until no file's inputs change.
 */
export function bundleFlows(units: readonly CodeUnit[]): Map<string, DataFlow> {
  let seeds: Seeds = new Map();
  let flows = new Map(units.map((u) => [u.path, new DataFlow(u.module)]));
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const next: Seeds = new Map();
    for (const unit of units) {
      for (const call of flows.get(unit.path)?.externalCalls() ?? []) {
        const target = resolveImport(unit, call.module, units);
        if (target && target !== unit) addCall(next, target.path, call);
      }
    }
    if (fingerprint(next) === fingerprint(seeds)) break;
    seeds = next;
    flows = new Map(units.map((u) => [u.path, new DataFlow(u.module, seeds.get(u.path))]));
  }
  return flows;
}
