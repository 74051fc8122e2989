/** Where a string sits in a JSON tree. */
export interface StringSite {
  /** JSONPath-like location built from already-mapped keys, e.g. `$.db.password`, `$.items[2]`. */
  path: string;
  /** The (original) property name holding the string; undefined inside arrays and at the root. */
  key: string | undefined;
  /** For an array element: the property name holding the array (`apiKeys` for `$.apiKeys[0]`). */
  arrayKey?: string | undefined;
  /** The object holding the string, for sibling-aware rules (`{name, value}` pairs). */
  siblings: Readonly<Record<string, unknown>> | undefined;
}

export interface TreeMappers {
  mapString(value: string, site: StringSite): string;
  /** Maps a property name; `path` is the path of the object that holds it. */
  mapKey(key: string, path: string): string;
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  source: Container;
  target: Container;
  path: string;
  /** Property names of an object source (undefined for arrays), and the next child to visit. */
  keys: string[] | undefined;
  next: number;
  /** The property name holding this container. */
  key: string | undefined;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function childPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Objects with toJSON (Date, Buffer ...) are walked as what JSON.stringify would write. */
function jsonView(value: unknown): unknown {
  if (isContainer(value) && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON: () => unknown }).toJSON();
  }
  return value;
}

function setProperty(target: Container, key: string | number, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    (target as Record<string | number, unknown>)[key] = value;
  }
}

/**
 * Returns a copy of a JSON-like tree with every string (and property name) mapped, visiting strings in
 * document order. Iterative, so depth is bounded by memory, not the call stack; shared and circular
 * references map to one shared copy.
 */
export function mapJsonTree(root: unknown, mappers: TreeMappers): unknown {
  const copies = new Map<object, Container>();
  const stack: Frame[] = [];
  const mapChild = (raw: unknown, site: StringSite): unknown => {
    const value = jsonView(raw);
    if (typeof value === 'string') return mappers.mapString(value, site);
    if (!isContainer(value)) return value;
    const existing = copies.get(value);
    if (existing) return existing;
    const copy: Container = Array.isArray(value) ? [] : {};
    copies.set(value, copy);
    stack.push({ source: value, target: copy, path: site.path, keys: Array.isArray(value) ? undefined : Object.keys(value), next: 0, key: site.key });
    return copy;
  };
  const result = mapChild(root, { path: '$', key: undefined, siblings: undefined });
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const { source, target, path, keys, key: arrayKey } = frame;
    const i = frame.next++;
    if (keys === undefined) {
      const items = source as unknown[];
      if (i >= items.length) stack.pop();
      else setProperty(target, i, mapChild(items[i], { path: `${path}[${i}]`, key: undefined, siblings: undefined, arrayKey }));
      continue;
    }
    const key = keys[i];
    if (key === undefined) {
      stack.pop();
      continue;
    }
    const record = source as Record<string, unknown>;
    const mappedKey = mappers.mapKey(key, path);
    setProperty(target, mappedKey, mapChild(record[key], { path: childPath(path, mappedKey), key, siblings: record }));
  }
  return result;
}
