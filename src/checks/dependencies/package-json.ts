import semver from 'semver';
import type { Finding } from '../../domain/validation-result.js';
import type { TNode } from '../templates/template-tree.js';
import { entries, get } from '../templates/template-tree.js';

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const NON_REGISTRY = /^(file:|link:|workspace:|portal:|git\+|git:|github:|gitlab:|bitbucket:|https?:|[\w.-]+\/[\w.-]+(#.*)?$)/;

function dependencyProblem(spec: string): { severity: 'error' | 'warning'; message: string } | null {
  const trimmed = spec.trim();
  if (trimmed === '' || trimmed === '*' || trimmed === 'latest' || trimmed === 'x') {
    return { severity: 'error', message: `accepts any version ("${trimmed}")` };
  }
  if (trimmed.startsWith('npm:')) {
    const range = trimmed.slice(trimmed.lastIndexOf('@') + 1);
    return trimmed.lastIndexOf('@') > 4 ? dependencyProblem(range) : { severity: 'error', message: 'is an npm: alias without a version' };
  }
  if (NON_REGISTRY.test(trimmed)) {
    return /^(file:|link:|workspace:|portal:)/.test(trimmed) || /#[0-9a-f]{7,40}$/.test(trimmed) ? null : { severity: 'warning', message: 'comes from a git or URL source without a pinned commit' };
  }
  return semver.validRange(trimmed) === null ? { severity: 'error', message: `is not a valid semver range ("${trimmed}")` } : null;
}

/** Every dependency must name a valid semver range; `*`, `latest` and empty ranges are errors. */
export function checkPackageJson(file: string, root: TNode): Finding[] {
  const findings: Finding[] = [];
  for (const section of SECTIONS) {
    for (const dep of entries(get(root, section))) {
      const spec = dep.value.kind === 'scalar' ? String(dep.value.value ?? '') : '';
      const problem = dep.value.kind === 'scalar' && typeof dep.value.value === 'string' ? dependencyProblem(spec) : { severity: 'error' as const, message: 'is not a version string' };
      if (!problem) continue;
      findings.push({
        file, line: dep.pos.line, column: dep.pos.column, ruleId: 'deps/invalid-version-range', category: 'quality', severity: problem.severity,
        message: `${section}.${dep.key} ${problem.message}.`,
        fix: 'Use an exact version or a caret range of a released version (e.g. "1.4.2" or "^1.4.2").',
      });
    }
  }
  return findings;
}
