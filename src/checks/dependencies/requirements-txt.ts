import type { Finding } from '../../domain/validation-result.js';

const NAME = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`;
const EXTRAS = String.raw`(?:\s*\[\s*${NAME}(?:\s*,\s*${NAME})*\s*\])?`;
const VERSION = String.raw`[A-Za-z0-9_.*+!-]+`;
const SPEC = String.raw`(?:~=|===|==|!=|<=|>=|<|>)\s*${VERSION}`;
const SPECS = String.raw`(?:\(?\s*${SPEC}(?:\s*,\s*${SPEC})*\s*\)?)?`;
/** PEP 508 without the marker grammar, which is checked loosely after `;`. */
const REQUIREMENT = new RegExp(String.raw`^(${NAME})${EXTRAS}\s*(?:(@\s*\S+)|(${SPECS}))\s*(?:;\s*\S.*)?$`);
const PINNED = /^\(?\s*(===?)\s*[A-Za-z0-9_.+!-]+\s*\)?$/;
const OPTION = /^-(r|c|e|f|i|-requirement|-constraint|-editable|-index-url|-extra-index-url|-find-links|-trusted-host|-pre|-prefer-binary|-only-binary|-no-binary|-require-hashes)\b/;

/** PEP 508 lines; an invalid line is an error, a requirement not pinned with `==` a warning. */
export function checkRequirements(file: string, content: string): Finding[] {
  const findings: Finding[] = [];
  const lines = content.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').replace(/\s--hash=\S+/g, '').trim();
    if (line === '' || OPTION.test(line)) return;
    const match = REQUIREMENT.exec(line);
    const at = { file, line: index + 1, column: raw.indexOf(line.charAt(0)) + 1 };
    if (!match) {
      findings.push({
        ...at, ruleId: 'syntax/invalid-requirement', category: 'syntax', severity: 'error',
        message: `Not a valid PEP 508 requirement: ${JSON.stringify(line.slice(0, 60))}.`,
        fix: 'Write one requirement per line as name[extras]==version (e.g. boto3==1.34.100).',
      });
      return;
    }
    const [, name, url, specs] = match;
    if (url) return;
    if (!specs || !PINNED.test(specs) || specs.includes('*')) {
      findings.push({
        ...at, ruleId: 'deps/unpinned-requirement', category: 'quality', severity: 'warning',
        message: `${name ?? 'requirement'} is not pinned to one version${specs ? ` ("${specs.trim()}")` : ''}.`,
        fix: 'Pin the exact version with == (and ideally --hash) so builds are reproducible.',
      });
    }
  });
  return findings;
}
