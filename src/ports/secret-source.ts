/** Where the Claude API key comes from (environment, AWS Secrets Manager). */
export interface SecretSource {
  /**
   * The current key, or null when none is configured. `forceRefresh` bypasses any cache; callers
   * use it once after a 401 so a rotated key is picked up.
   */
  getAnthropicApiKey(options?: { forceRefresh?: boolean }): Promise<string | null>;
}
