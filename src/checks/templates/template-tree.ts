import type { LineCounter, Node as YamlNode } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { INTRINSIC_TAGS } from '../parsers/cloudformation-tags.js';

export interface TPos {
  line: number;
  column: number;
}

/** A CloudFormation template as a tree with positions, intrinsic functions made explicit. */
export type TNode =
  | { kind: 'map'; entries: Array<{ key: string; value: TNode; pos: TPos }>; pos: TPos }
  | { kind: 'seq'; items: TNode[]; pos: TPos }
  | { kind: 'scalar'; value: string | number | boolean | null; pos: TPos }
  /** `!Ref X`, `{"Fn::Sub": …}`: `fn` is the long name (`Ref`, `Fn::Sub`). */
  | { kind: 'intrinsic'; fn: string; arg: TNode; pos: TPos };

const ORIGIN: TPos = { line: 1, column: 1 };

/** Converts a parsed `yaml` node (YAML or JSON source) into a template tree. */
export function templateTree(node: unknown, lines: LineCounter): TNode {
  if (isAlias(node) || node === null || node === undefined) return { kind: 'scalar', value: null, pos: ORIGIN };
  const yamlNode = node as YamlNode;
  const offset = yamlNode.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  const pos: TPos = { line, column: col };
  const plain = plainTree(yamlNode, lines, pos);
  const intrinsic = yamlNode.tag ? INTRINSIC_TAGS[yamlNode.tag] : undefined;
  if (intrinsic) return { kind: 'intrinsic', fn: intrinsic, arg: plain, pos };
  return longFormIntrinsic(plain);
}

/** `{"Ref": X}` and `{"Fn::Sub": …}` are the long forms of the short-form tags. */
export function longFormIntrinsic(node: TNode): TNode {
  const only = node.kind === 'map' && node.entries.length === 1 ? node.entries[0] : undefined;
  if (only && (only.key === 'Ref' || only.key.startsWith('Fn::') || only.key === 'Condition')) {
    return { kind: 'intrinsic', fn: only.key, arg: only.value, pos: node.pos };
  }
  return node;
}

function plainTree(node: YamlNode, lines: LineCounter, pos: TPos): TNode {
  if (isMap(node)) {
    const entries = node.items.filter(isPair).map((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyPos = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]) : { line: pos.line, col: pos.column };
      return { key, value: templateTree(pair.value, lines), pos: { line: keyPos.line, column: keyPos.col } };
    });
    return { kind: 'map', entries, pos };
  }
  if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => templateTree(item, lines)), pos };
  if (isScalar(node)) {
    const value = node.value;
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : value === null ? null : String(value);
    return { kind: 'scalar', value: scalar, pos };
  }
  return { kind: 'scalar', value: null, pos };
}

export function get(node: TNode | undefined, ...keys: string[]): TNode | undefined {
  let current = node;
  for (const key of keys) {
    if (current?.kind !== 'map') return undefined;
    current = current.entries.find((e) => e.key === key)?.value;
  }
  return current;
}

/** Where the key `key` of a mapping is written (findings point at the key, not at its value). */
export function keyPos(node: TNode | undefined, key: string): TPos | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key)?.pos : undefined;
}

export function text(node: TNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

export function isTrue(node: TNode | undefined): boolean {
  return node?.kind === 'scalar' && (node.value === true || node.value === 'true');
}

export function isFalse(node: TNode | undefined): boolean {
  return node?.kind === 'scalar' && (node.value === false || node.value === 'false');
}

/** A list value as its items; a single value as a list of one. */
export function items(node: TNode | undefined): TNode[] {
  if (!node) return [];
  return node.kind === 'seq' ? node.items : [node];
}

export function entries(node: TNode | undefined): Array<{ key: string; value: TNode; pos: TPos }> {
  return node?.kind === 'map' ? node.entries : [];
}

export interface TemplateResource {
  name: string;
  type: string;
  properties: TNode | undefined;
  pos: TPos;
}

/** The resources of a template, or null when the document is not a CloudFormation/SAM template. */
export function templateResources(root: TNode): TemplateResource[] | null {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return null;
  const list = resources.entries.map((e) => ({ name: e.key, type: text(get(e.value, 'Type')) ?? '', properties: get(e.value, 'Properties'), pos: e.pos }));
  const isTemplate = list.some((r) => /^(AWS|Alexa|Custom)::/.test(r.type)) || get(root, 'AWSTemplateFormatVersion') !== undefined;
  return isTemplate ? list : null;
}
