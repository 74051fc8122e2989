import { NotFoundError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import type { Page, Store } from '../ports/store.js';
import { toAnalysisResult, toGenerationResult, type AnalysisResult, type GenerationResult } from './results.js';

const MAX_PAGE = 100;

function pageArgs(page: { limit: number; cursor?: string | null }): { limit: number; cursor: string | null } {
  return { limit: Math.min(Math.max(1, Math.floor(page.limit) || 20), MAX_PAGE), cursor: page.cursor ?? null };
}

/** Reading results back. Another organisation's resource is simply not found. */
export class ResultQueries {
  constructor(private readonly store: Store) {}

  async analysis(identity: Identity, id: string): Promise<AnalysisResult> {
    const record = await this.store.analyses.get(identity.orgId, id);
    if (!record) throw new NotFoundError(`No analysis with id ${id} was found.`);
    return toAnalysisResult(record);
  }

  async generation(identity: Identity, id: string): Promise<GenerationResult> {
    const record = await this.store.generations.get(identity.orgId, id);
    if (!record) throw new NotFoundError(`No generation with id ${id} was found.`);
    return toGenerationResult(record);
  }

  async analyses(identity: Identity, projectId: string, page: { limit: number; cursor?: string | null }): Promise<Page<AnalysisResult>> {
    const found = await this.store.analyses.listByProject(identity.orgId, projectId, pageArgs(page));
    return { items: found.items.map(toAnalysisResult), nextCursor: found.nextCursor };
  }

  async generations(identity: Identity, projectId: string, page: { limit: number; cursor?: string | null }): Promise<Page<GenerationResult>> {
    const found = await this.store.generations.listByProject(identity.orgId, projectId, pageArgs(page));
    return { items: found.items.map(toGenerationResult), nextCursor: found.nextCursor };
  }
}
