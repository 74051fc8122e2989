import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { Finding } from '../../domain/validation-result.js';
import { lowerPython } from '../code/from-python.js';
import type { ParsedSource } from './typescript-source.js';

const MAX_SYNTAX_FINDINGS = 5;

/**
 * The tree-sitter runtime and Python grammar, loaded from the installed `@vscode/tree-sitter-wasm`
 * package (nothing is downloaded). Loading costs tens of milliseconds, so one instance is made per
 * validator and reused for every file.
 */
export class PythonParser {
  private constructor(private readonly parser: TreeSitter.Parser) {}

  static async load(): Promise<PythonParser> {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@vscode/tree-sitter-wasm');
    const dir = path.dirname(entry);
    const runtime = require(entry) as typeof TreeSitter;
    await runtime.Parser.init({ locateFile: (file: string) => path.join(dir, file) });
    const language = await runtime.Language.load(path.join(dir, 'tree-sitter-python.wasm'));
    const parser = new runtime.Parser();
    parser.setLanguage(language);
    return new PythonParser(parser);
  }

  parse(file: string, content: string): ParsedSource {
    const tree = this.parser.parse(content);
    if (!tree) throw new Error(`tree-sitter returned no tree for ${file}`);
    try {
      return { module: lowerPython(tree.rootNode), syntax: syntaxErrors(file, tree.rootNode) };
    } finally {
      tree.delete();
    }
  }
}

function syntaxErrors(file: string, root: TreeSitter.Node): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: TreeSitter.Node): void => {
    if (findings.length >= MAX_SYNTAX_FINDINGS || !(node.hasError || node.isMissing)) return;
    if (node.isError || node.isMissing) {
      const snippet = node.text.split('\n')[0]?.slice(0, 40) ?? '';
      findings.push({
        file,
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        ruleId: 'syntax/parse-error',
        category: 'syntax',
        severity: 'error',
        message: node.isMissing ? `Syntax error: missing "${node.type}".` : `Syntax error: unexpected ${JSON.stringify(snippet)}.`,
        fix: 'Fix the syntax at this position; Python cannot import the module as written.',
      });
      if (node.isError) return;
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return findings;
}
