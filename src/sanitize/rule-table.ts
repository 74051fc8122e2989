import { findAssignments } from './detectors/assignments.js';
import { PRIORITY } from './finding-types.js';
import { PERSONAL_RULES } from './rules/personal-rules.js';
import { PROVIDER_RULES } from './rules/provider-rules.js';
import { STRUCTURE_RULES } from './rules/structure-rules.js';
import type { RuleSet } from './rule-set.js';
import { compileRuleSet } from './rule-set.js';
import type { DetectionRule } from './types.js';

const ASSIGNMENT_RULE: DetectionRule = {
  id: 'secret-named-assignment',
  type: 'generic_secret',
  kind: 'secret',
  priority: PRIORITY.assignment,
  keywords: [],
  keywordPattern: /pass|pwd|secret|token|key|credential/i,
  find: findAssignments,
};

/** Secrets and credentials, most specific first. */
export const SECRET_RULES: readonly DetectionRule[] = [...PROVIDER_RULES, ...STRUCTURE_RULES, ASSIGNMENT_RULE];

/** Every rule: secrets, then personal data. */
export const ALL_RULES: readonly DetectionRule[] = [...SECRET_RULES, ...PERSONAL_RULES];

export const SECRET_RULE_SET: RuleSet = compileRuleSet(SECRET_RULES);
export const ALL_RULE_SET: RuleSet = compileRuleSet(ALL_RULES);
