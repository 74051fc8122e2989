import type { Finding } from '../../domain/validation-result.js';
import { missingAuthorizer } from './api-auth-rules.js';
import { environmentSecrets } from './environment-rules.js';
import { iamWildcards } from './iam-rules.js';
import { networkExposure } from './network-rules.js';
import { storageExposure } from './storage-rules.js';
import type { TemplateContext, TemplateRule } from './template-rule.js';
import type { TNode } from './template-tree.js';
import { templateResources } from './template-tree.js';

const RULES: readonly TemplateRule[] = [iamWildcards, storageExposure, missingAuthorizer, environmentSecrets, networkExposure];

/** Findings for a CloudFormation/SAM template; null when the document is not a template. */
export function checkTemplate(file: string, root: TNode): Finding[] | null {
  const resources = templateResources(root);
  if (!resources) return null;
  const ctx: TemplateContext = { file, root, resources };
  return RULES.flatMap((rule) => rule(ctx));
}
