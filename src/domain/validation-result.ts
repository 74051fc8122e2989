/** The validator's vocabulary (INTERFACE.md "Validator output"). */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Path relative to the validated directory or bundle root. */
  file: string;
  line: number;
  column: number;
  ruleId: string;
  /** A CWE id such as `CWE-89`, `syntax` for a file that does not parse, `quality` for the rest. */
  category: string;
  severity: Severity;
  message: string;
  /** A one-line hint on how to fix it. */
  fix?: string;
}

export interface ValidationResult {
  fileName: string;
  isValid: boolean;
  language: string;
  errors: string[];
  warnings: string[];
  metrics: { linesOfCode: number; complexity: number };
}

export interface ValidationReport {
  valid: boolean;
  files: ValidationResult[];
  findings: Finding[];
}

export interface GeneratedFile {
  path: string;
  content: string;
}
