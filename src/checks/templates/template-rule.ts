import type { Finding, Severity } from '../../domain/validation-result.js';
import type { TemplateResource, TNode, TPos } from './template-tree.js';

export interface TemplateContext {
  file: string;
  root: TNode;
  resources: TemplateResource[];
}

export type TemplateRule = (ctx: TemplateContext) => Finding[];

export function templateFinding(
  ctx: TemplateContext,
  pos: TPos,
  spec: { ruleId: string; cwe: string; severity: Severity; message: string; fix: string },
): Finding {
  return { file: ctx.file, line: pos.line, column: pos.column, ruleId: spec.ruleId, category: spec.cwe, severity: spec.severity, message: spec.message, fix: spec.fix };
}
