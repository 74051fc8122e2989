import type { Random } from './random.js';

/** A way to embed a value under a name in one kind of input people paste into an architecture tool. */
export type Context = (r: Random, name: string, value: string) => string;

const LOG_PREFIX = (r: Random) => `2024-0${r.int(1, 9)}-1${r.int(0, 9)}T0${r.int(0, 9)}:${r.int(10, 59)}:${r.int(10, 59)}.${r.int(100, 999)}Z`;

export const CONTEXTS: Readonly<Record<string, Context>> = {
  env: (r, name, v) => `# service config\nNODE_ENV=production\nPORT=${r.int(3000, 9000)}\n${name}=${v}\nLOG_LEVEL=info\n`,
  envQuoted: (_r, name, v) => `export ${name}="${v}"\nexport REGION=eu-west-1\n`,
  yaml: (r, name, v) => `service:\n  name: billing\n  replicas: ${r.int(1, 9)}\n  ${toSnake(name)}: ${v}\n  timeout: 30s\n`,
  yamlQuoted: (_r, name, v) => `database:\n  host: db.internal\n  ${toCamel(name)}: "${v}"\n`,
  json: (r, name, v) => `{\n  "service": "orders",\n  "${toCamel(name)}": "${v}",\n  "retries": ${r.int(1, 5)}\n}`,
  toml: (_r, name, v) => `[server]\nhost = "0.0.0.0"\n${toSnake(name)} = "${v}"\n`,
  ini: (_r, name, v) => `[database]\nuser = app\n${toSnake(name)} = ${v}\n`,
  xml: (_r, name, v) => `<config>\n  <${toCamel(name)}>${v}</${toCamel(name)}>\n  <pool>10</pool>\n</config>`,
  js: (_r, name, v) => `import { Client } from './client.js';\n\nconst ${toCamel(name)} = "${v}";\nexport const client = new Client({ ${toCamel(name)} });\n`,
  python: (_r, name, v) => `import requests\n\n${toSnake(name).toUpperCase()} = '${v}'\nresp = requests.get(URL, timeout=10)\n`,
  go: (_r, name, v) => `package main\n\nfunc main() {\n\t${toCamel(name)} := "${v}"\n\trun(${toCamel(name)})\n}\n`,
  java: (_r, name, v) => `public class Config {\n    private static final String ${toSnake(name).toUpperCase()} = "${v}";\n}\n`,
  cli: (_r, name, v) => `$ deploy-tool push --${toKebab(name)} ${v} --region us-east-1\n`,
  log: (r, name, v) => `${LOG_PREFIX(r)} INFO worker-${r.int(1, 9)} loaded settings ${toSnake(name)}=${v} pid=${r.int(1000, 99999)}\n`,
  chat: (r, _name, v) => `${r.pick(['hey', 'hi team', 'quick q'])} — prod deploy fails with 401, this is what we use: ${v} — can someone check?\n`,
  prose: (r, _name, v) => `The integration ${r.pick(['was configured', 'is set up', 'runs'])} with ${v} in the staging account last week.\n`,
  markdown: (_r, name, v) => `## Setup\n\n1. Copy the credentials:\n\n   \`\`\`\n   ${name}=${v}\n   \`\`\`\n`,
  raw: (_r, _name, v) => v,
  jsonInLog: (r, name, v) => `${LOG_PREFIX(r)} DEBUG outgoing body="{\\"service\\":\\"orders\\",\\"${toCamel(name)}\\":\\"${v}\\"}" status=201\n`,
  compose: (_r, name, v) => `services:\n  api:\n    image: orders:latest\n    environment:\n      - ${name.toUpperCase()}=${v}\n      - TZ=UTC\n`,
  pythonDict: (_r, name, v) => `settings = {'host': 'db.internal', '${toSnake(name)}': '${v}', 'port': 5432}\n`,
  chatKeyed: (r, name, v) => `${r.pick(['fyi', 'ok so', 'for the demo'])} the ${words(name).join(' ')} is ${v} — rotate it afterwards\n`,
  csv: (r, name, v) => `id,${toSnake(name)},created_at\n${r.int(1000, 9999)},${v},2024-03-0${r.int(1, 9)}\n`,
  k8s: (_r, name, v) => `env:\n  - name: ${name}\n    value: "${v}"\n  - name: LOG_LEVEL\n    value: debug\n`,
};

/** Contexts where any name works (format-based detection). */
export const ANY_CONTEXT = Object.keys(CONTEXTS);
/** Contexts that carry the secret-named key next to the value (key-based detection). */
export const KEYED_CONTEXTS = ANY_CONTEXT.filter((c) => c !== 'chat' && c !== 'prose' && c !== 'raw');

function words(name: string): string[] {
  return name.split(/[_\-\s]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean).map((w) => w.toLowerCase());
}

export function toSnake(name: string): string {
  return words(name).join('_');
}

export function toCamel(name: string): string {
  return words(name).map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1))).join('');
}

export function toKebab(name: string): string {
  return words(name).join('-');
}
