import { LineCounter, parseAllDocuments } from 'yaml';
import type { Finding } from '../../domain/validation-result.js';
import type { TNode } from '../templates/template-tree.js';
import { templateTree } from '../templates/template-tree.js';
import { cloudFormationTags } from './cloudformation-tags.js';

const MAX_SYNTAX_FINDINGS = 5;

/** Parses YAML (or JSON, a subset) with every CloudFormation short-form tag accepted. */
export function parseYamlSource(file: string, content: string): { documents: TNode[]; syntax: Finding[] } {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(content, { customTags: cloudFormationTags(), lineCounter: lines, prettyErrors: false });
  const list = [...parsed];
  const errors = list.flatMap((d) => d.errors);
  const syntax = errors.slice(0, MAX_SYNTAX_FINDINGS).map((error): Finding => {
    const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
    return {
      file, line: pos.line, column: pos.col, ruleId: 'syntax/parse-error', category: 'syntax', severity: 'error',
      message: `Invalid YAML: ${error.message.split('\n')[0] ?? error.code}.`,
      fix: 'Fix the YAML at this position (indentation, quoting, duplicate keys).',
    };
  });
  return { documents: syntax.length > 0 ? [] : list.map((d) => templateTree(d.contents, lines)), syntax };
}
