import { z } from 'zod';
import { nameText, shortText } from '../common-schemas.js';

export const generatedFileSchema = z.object({
  path: z.string().min(1).max(300).describe('Relative path with forward slashes, e.g. src/handlers/create_order.py'),
  content: z.string().describe('The complete file content.'),
});

export const codeGenerationSchema = z.object({
  summary: z.string().min(1).max(4000),
  language: z.enum(['python', 'typescript', 'javascript', 'yaml', 'markdown', 'mixed']),
  files: z.array(generatedFileSchema).min(1).max(60),
  dependencies: z.array(z.object({
    name: nameText,
    version: z.string().min(1).max(60).describe('Exact version, e.g. 1.34.2'),
    ecosystem: z.enum(['pip', 'npm', 'other']),
  })).max(60),
  instructions: z.array(shortText).max(20).describe('Commands to install, test and deploy, in order.'),
  assumptions: z.array(shortText).max(20),
});

export type CodeGenerationOutput = z.infer<typeof codeGenerationSchema>;
