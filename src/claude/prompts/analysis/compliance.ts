import { z } from 'zod';
import type { OperationSpec } from '../operation-spec.js';
import { nameText, shortText } from '../common-schemas.js';
import { findingsBaseShape, findingsSystemPrompt } from './findings-base.js';

export const complianceAnalysisSchema = z.object({
  ...findingsBaseShape,
  frameworks: z.array(nameText).max(10).describe('The frameworks assessed, e.g. GDPR, SOC 2, HIPAA, PCI DSS, ISO 27001.'),
  controls: z.array(z.object({
    framework: nameText,
    control: shortText.describe('The control or requirement, with its identifier where one exists.'),
    status: z.enum(['met', 'partial', 'not_met', 'not_applicable']),
    gap: z.string().max(1000).describe('What is missing; empty when met.'),
  })).max(40),
});

export const complianceSpec: OperationSpec = {
  operation: 'optimization_analysis',
  promptVersion: 'compliance@1',
  schema: complianceAnalysisSchema,
  system: findingsSystemPrompt(`Your task: assess the architecture, templates or code in the material against the compliance frameworks it names (or, when none is named, the ones its data implies: GDPR for personal data of EU residents, PCI DSS for card data, HIPAA for US health data, SOC 2 for a SaaS vendor). For each relevant control, say whether the material shows it met, partially met or not met, and what the gap is: data residency and retention, encryption and key management, access control and least privilege, audit logging and its retention, backup and recovery, data subject rights (access, erasure), breach detection, vendor and sub-processor handling. You assess technical evidence only; say so where a control depends on organisational measures the material cannot show.`),
};
