import type { GeneratedFile } from '../../domain/validation-result.js';
import type { ServiceSketch } from './service-sketch.js';

/** A configuration module that reads and checks the environment at start-up, with its tests. */
export function configFiles(s: ServiceSketch): GeneratedFile[] {
  if (s.language === 'python') {
    return [
      { path: 'src/config.py', content: `"""Settings of the ${s.serviceName}, read once from the environment and checked at start-up."""
import os
from dataclasses import dataclass

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(RuntimeError):
    """A required setting is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    table_name: str
    log_level: str
    page_size: int


def load_settings(environ=None):
    env = os.environ if environ is None else environ
    table_name = env.get("TABLE_NAME", "").strip()
    if not table_name:
        raise ConfigError("TABLE_NAME is not set")
    log_level = env.get("LOG_LEVEL", "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError("LOG_LEVEL must be one of " + ", ".join(LOG_LEVELS))
    raw_page_size = env.get("PAGE_SIZE", "25")
    if not raw_page_size.isdigit() or not 1 <= int(raw_page_size) <= 100:
        raise ConfigError("PAGE_SIZE must be a number from 1 to 100")
    return Settings(table_name=table_name, log_level=log_level, page_size=int(raw_page_size))
` },
      { path: 'tests/test_config.py', content: `import pytest

from config import ConfigError, load_settings


def test_reads_valid_settings():
    settings = load_settings({"TABLE_NAME": "${s.entity}-table", "LOG_LEVEL": "debug", "PAGE_SIZE": "50"})
    assert settings.table_name == "${s.entity}-table"
    assert settings.log_level == "DEBUG"
    assert settings.page_size == 50


def test_defaults_apply():
    assert load_settings({"TABLE_NAME": "t"}).page_size == 25


@pytest.mark.parametrize("environ", [{}, {"TABLE_NAME": " "}, {"TABLE_NAME": "t", "LOG_LEVEL": "LOUD"}, {"TABLE_NAME": "t", "PAGE_SIZE": "0"}])
def test_rejects_missing_or_malformed_settings(environ):
    with pytest.raises(ConfigError):
        load_settings(environ)
` },
    ];
  }
  return [
    { path: 'src/config.ts', content: `/** Settings of the ${s.serviceName}, read once from the environment and checked at start-up. */
export interface Settings {
  tableName: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  pageSize: number;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const tableName = env.TABLE_NAME?.trim();
  if (!tableName) throw new ConfigError('TABLE_NAME is not set');
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(\`LOG_LEVEL must be one of \${LOG_LEVELS.join(', ')}\`);
  const pageSize = Number(env.PAGE_SIZE ?? '25');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new ConfigError('PAGE_SIZE must be a number from 1 to 100');
  return { tableName, logLevel: logLevel as Settings['logLevel'], pageSize };
}
` },
    { path: 'test/config.test.ts', content: `import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../src/config.js';

describe('loadSettings', () => {
  it('reads valid settings and applies defaults', () => {
    expect(loadSettings({ TABLE_NAME: 't', LOG_LEVEL: 'DEBUG' })).toEqual({ tableName: 't', logLevel: 'debug', pageSize: 25 });
  });

  it.each([{}, { TABLE_NAME: ' ' }, { TABLE_NAME: 't', LOG_LEVEL: 'loud' }, { TABLE_NAME: 't', PAGE_SIZE: '0' }])('rejects %j', (env) => {
    expect(() => loadSettings(env)).toThrow(ConfigError);
  });
});
` },
  ];
}
