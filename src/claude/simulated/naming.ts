/** Turns free text into the identifiers generated code and outputs need. */

export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word.length > 0);
}

export function kebab(text: string, fallback = 'item'): string {
  const joined = words(text).join('-').replace(/^[0-9-]+/, '');
  return joined.length > 0 ? joined.slice(0, 60) : fallback;
}

export function snake(text: string, fallback = 'item'): string {
  const joined = words(text).join('_').replace(/^[0-9_]+/, '');
  return joined.length > 0 ? joined.slice(0, 60) : fallback;
}

export function pascal(text: string, fallback = 'Item'): string {
  const joined = words(text).map((word) => word[0]?.toUpperCase() + word.slice(1)).join('').replace(/^[0-9]+/, '');
  return joined.length > 0 ? joined.slice(0, 60) : fallback;
}

export function camel(text: string, fallback = 'item'): string {
  const value = pascal(text, pascal(fallback));
  return value[0]?.toLowerCase() + value.slice(1);
}

export function plural(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

export function titleCase(text: string): string {
  return words(text).map((word) => word[0]?.toUpperCase() + word.slice(1)).join(' ');
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}
