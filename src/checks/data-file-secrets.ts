import type { Finding } from '../domain/validation-result.js';
import { findSecrets } from '../sanitize/index.js';
import { isTestPath } from './file-kind.js';

/** Types found only by a secret-named key (`password: …`); fixtures in tests may hold made-up ones. */
const NAMED_VALUE_TYPES = new Set(['password', 'generic_secret']);
/**
 * Types that are as often a local default (`POSTGRES_PASSWORD: postgres` in a compose file,
 * `postgres://app:app@db/app`) as a real secret: a warning in configuration, an error in a template,
 * which is deployed as written. A token, key or private key recognised by its format is always an error.
 */
const MAYBE_LOCAL_DEFAULT_TYPES = new Set([...NAMED_VALUE_TYPES, 'connection_string']);
/** In documentation a JWT or a `user:password` pair is nearly always the example of a request. */
const MAYBE_EXAMPLE_IN_DOCS_TYPES = new Set([...MAYBE_LOCAL_DEFAULT_TYPES, 'jwt', 'basic_auth']);
const DOCUMENTATION = /\.(md|markdown|mdx|rst|adoc)$/i;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionOf(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

/**
 * CWE-798 for secrets written into a configuration, template, env file, Dockerfile or any other
 * file that is not a program (programs have their own rule on their syntax trees): the sanitizer's
 * secret detectors over the whole text. `reportedLines` are lines another rule already reported as
 * CWE-798, so one secret is told once; `template`: the file is an infrastructure template.
 */
export function dataFileSecrets(file: string, content: string, options: { reportedLines?: ReadonlySet<number>; template?: boolean } = {}): Finding[] {
  const reportedLines = options.reportedLines ?? new Set<number>();
  const starts = lineStarts(content);
  const isTest = isTestPath(file);
  const byLine = new Map<number, { column: number; types: Set<string> }>();
  for (const match of findSecrets(content)) {
    if (isTest && NAMED_VALUE_TYPES.has(match.type)) continue;
    const { line, column } = positionOf(starts, match.start);
    if (reportedLines.has(line)) continue;
    const seen = byLine.get(line);
    if (seen) seen.types.add(match.type);
    else byLine.set(line, { column, types: new Set([match.type]) });
  }
  const mild = DOCUMENTATION.test(file) ? MAYBE_EXAMPLE_IN_DOCS_TYPES : MAYBE_LOCAL_DEFAULT_TYPES;
  const severityOf = (types: Set<string>): Finding['severity'] =>
    options.template || [...types].some((type) => !mild.has(type)) ? 'error' : 'warning';
  return [...byLine].map(([line, { column, types }]) => ({
    file, line, column,
    ruleId: 'security/hardcoded-credentials',
    category: 'CWE-798',
    severity: severityOf(types),
    message: `Hard-coded credential written into this file (${[...types].join(', ')}).`,
    fix: 'Keep the value out of the file: reference a secret store (Secrets Manager, SSM SecureString, {{resolve:…}}, ${VAR} from the environment) and commit only a placeholder.',
  }));
}
