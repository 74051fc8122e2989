import type { OpenAPIV3_1 } from 'openapi-types';
import { escapeHtml, pageShell } from './html.js';

type Operation = OpenAPIV3_1.OperationObject;
type SchemaLike = OpenAPIV3_1.SchemaObject | OpenAPIV3_1.ReferenceObject;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function anchor(name: string): string {
  return `schema-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** JSON of a schema with `$ref`s turned into links to the component further down the page. */
function schemaHtml(schema: unknown): string {
  const json = escapeHtml(JSON.stringify(schema, null, 2));
  return `<pre>${json.replace(/&quot;\$ref&quot;: &quot;#\/components\/schemas\/([^&]+)&quot;/g,
    (_, name: string) => `&quot;$ref&quot;: <a href="#${anchor(name)}">${name}</a>`)}</pre>`;
}

function refName(schema: SchemaLike | undefined): string | null {
  if (schema && '$ref' in schema && typeof schema.$ref === 'string') return schema.$ref.split('/').pop() ?? null;
  return null;
}

function parametersHtml(parameters: Operation['parameters']): string {
  const list = (parameters ?? []).filter((p): p is OpenAPIV3_1.ParameterObject => !('$ref' in p));
  if (list.length === 0) return '';
  const rows = list.map((p) => {
    const schema = p.schema as OpenAPIV3_1.SchemaObject | undefined;
    const type = schema ? escapeHtml(String(schema.type ?? (schema.enum ? 'enum' : ''))) : '';
    const description = escapeHtml(p.description ?? schema?.description ?? '');
    return `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${type}</td><td>${description}</td></tr>`;
  }).join('');
  return `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function bodyHtml(body: Operation['requestBody']): string {
  if (!body || '$ref' in body) return '';
  const schema = body.content?.['application/json']?.schema;
  if (!schema) return '';
  const name = refName(schema);
  return `<p><strong>Body</strong> (JSON${body.required ? ', required' : ''}): ${name ? `<a href="#${anchor(name)}">${escapeHtml(name)}</a>` : ''}</p>${name ? '' : schemaHtml(schema)}`;
}

function responsesHtml(responses: Operation['responses']): string {
  const rows = Object.entries(responses ?? {}).map(([status, response]) => {
    if ('$ref' in response) return '';
    const content = response.content ?? {};
    const [type, media] = Object.entries(content)[0] ?? [];
    const name = refName(media?.schema);
    const shape = name ? `<a href="#${anchor(name)}">${escapeHtml(name)}</a>` : type ? `<code>${escapeHtml(type)}</code>` : '';
    return `<tr><td><code>${escapeHtml(status)}</code></td><td>${escapeHtml(response.description ?? '')}</td><td>${shape}</td></tr>`;
  }).join('');
  return `<table><thead><tr><th>status</th><th>meaning</th><th>body</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function operationHtml(method: string, path: string, op: Operation): string {
  const auth = op.security && op.security.length > 0 ? '<span class="muted">· needs <code>Authorization: Bearer sk_...</code></span>' : '';
  return `<section class="op" id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span><code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')} ${auth}</p>
${op.description ? `<p class="muted">${escapeHtml(op.description)}</p>` : ''}
${parametersHtml(op.parameters)}${bodyHtml(op.requestBody)}${responsesHtml(op.responses)}
</section>`;
}

/** The API reference, rendered on the server from the OpenAPI document (no CDN, no script). */
export function renderApiReference(doc: OpenAPIV3_1.Document): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'service';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  }
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join('\n')}`).join('\n');
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, schema]) => `<h3 id="${anchor(name)}">${escapeHtml(name)}</h3>${schemaHtml(schema)}`).join('\n');
  const toc = [...byTag.keys()].map((tag) => `<a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a>`).join(' · ');
  const body = `<h1>${escapeHtml(doc.info.title)} <span class="muted">${escapeHtml(doc.info.version)}</span></h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Errors are JSON <code>{"error": {"code", "message"}}</code>; 400 answers list the <code>fields</code>, 429 answers name the <code>limit</code> and carry <code>Retry-After</code>. The machine-readable document is <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>
<p>${toc} · <a href="#schemas">schemas</a></p>
${sections}
<h2 id="schemas">Schemas</h2>
${schemas}`;
  return pageShell(`${doc.info.title} — API reference`, body);
}
