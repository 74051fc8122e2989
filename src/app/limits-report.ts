/** One limit with its current use (`skafu-ai limits`, `GET /v1/limits`). */
export interface LimitStatus {
  /** e.g. `perUser.requestsPerDay.project_analysis` */
  limit: string;
  scope: 'user' | 'organization';
  unit: 'requests' | 'tokens' | 'usd' | 'concurrent';
  /** null = unlimited */
  value: number | null;
  used: number;
  remaining: number | null;
  /** ISO time the window resets; null for concurrency. */
  resetsAt: string | null;
}

export interface LimitsReport {
  orgId: string;
  userId: string;
  plan: string;
  maxRequestBytes: number;
  limits: LimitStatus[];
}
