import { parse } from 'yaml';
import type { Material } from './read-material.js';

/** One resource of a CloudFormation/SAM template, with the template's function Globals applied. */
export interface TemplateResource {
  name: string;
  type: string;
  properties: Record<string, unknown>;
}

/** The resources of every template found in the material (YAML or JSON); empty when there is none. */
export function templateResources(material: Material): TemplateResource[] {
  const candidates = [material.text, ...Object.values(material.parts).filter((p): p is string => typeof p === 'string')];
  for (const part of Object.values(material.parts)) {
    if (part && typeof part === 'object' && 'Resources' in part) return resourcesOf(part as Record<string, unknown>);
  }
  for (const text of candidates) {
    if (!/\bResources\s*["']?\s*:/.test(text)) continue;
    const document = parseQuietly(text);
    if (document) return resourcesOf(document);
  }
  return [];
}

function parseQuietly(text: string): Record<string, unknown> | null {
  try {
    const document: unknown = parse(text, { logLevel: 'silent' });
    return document && typeof document === 'object' && !Array.isArray(document) ? document as Record<string, unknown> : null;
  } catch {
    return null; // Not a parseable template: the material is analysed as text instead.
  }
}

function resourcesOf(document: Record<string, unknown>): TemplateResource[] {
  const resources = asRecord(document.Resources);
  const globals = asRecord(asRecord(document.Globals).Function);
  return Object.entries(resources).flatMap(([name, value]) => {
    const resource = asRecord(value);
    if (typeof resource.Type !== 'string') return [];
    const properties = asRecord(resource.Properties);
    const merged = resource.Type === 'AWS::Serverless::Function' ? { ...globals, ...properties } : properties;
    return [{ name, type: resource.Type, properties: merged }];
  });
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

/** A nested property by path, e.g. `get(props, 'SSESpecification', 'SSEEnabled')`. */
export function get(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) current = asRecord(current)[key];
  return current;
}
