import type { Finding } from '../../../domain/validation-result.js';
import { Taint } from '../taint.js';
import type { Expr, FunctionIR } from '../ir.js';
import type { CallSite, CodeRuleContext, FindingSpec } from '../rule-context.js';
import { argument, callSites, findingAt, optionValue, resolveValue } from '../rule-context.js';

const PY_PATH_CALLS = /^(open|io\.open|codecs\.open|os\.(remove|unlink|rmdir|removedirs|listdir|scandir|makedirs|mkdir|rename|replace|chmod|open)|shutil\.(copy|copy2|copyfile|copytree|move|rmtree)|flask\.send_file|send_file)$/;
const JS_PATH_CALLS = /^fs\.(readFile|readFileSync|writeFile|writeFileSync|appendFile|appendFileSync|createReadStream|createWriteStream|unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync|readdir|readdirSync|mkdir|mkdirSync|open|openSync|copyFile|copyFileSync|rename|renameSync|access|stat|statSync|lstat)$/;
const PATH_METHODS = /\.(read_text|read_bytes|write_text|write_bytes|unlink|rmdir|open|touch|sendFile|download)$/;
/** boto3 S3 transfers: which argument is the local file. */
const LOCAL_FILE_ARG: Record<string, number> = { download_file: 2, upload_file: 0 };

const PATH_SPEC: FindingSpec = {
  ruleId: 'security/path-traversal',
  cwe: 'CWE-22',
  severity: 'error',
  message: 'File path built from request input without normalisation: "../" can escape the intended directory.',
  fix: 'Reduce the input to a file name (os.path.basename / path.basename), or resolve the path and check it stays under the base directory.',
};

function pathArgument(site: CallSite, ctx: CodeRuleContext): Expr | undefined {
  const { call, name } = site;
  const method = name.split('.').pop() ?? '';
  const localFile = LOCAL_FILE_ARG[method];
  if (localFile !== undefined && call.callee.kind === 'member') return argument(call, localFile, 'Filename');
  const isSink = ctx.language === 'python' ? PY_PATH_CALLS.test(name) : JS_PATH_CALLS.test(name);
  if (isSink) return argument(call, 0, 'file');
  if (PATH_METHODS.test(name) && call.callee.kind === 'member') {
    return /sendFile|download/.test(method) ? call.args[0] : call.callee.object;
  }
  return undefined;
}

export function pathTraversal(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const site of callSites(ctx)) {
    const path = pathArgument(site, ctx);
    if (path && (ctx.flow.taint(path, site.fn) & Taint.PATH) !== 0) findings.push(findingAt(ctx, site.call.pos, PATH_SPEC));
  }
  return findings;
}

const PY_HTTP = /^((requests|httpx)(\.(Session|Client|AsyncClient)\(\))?\.(get|post|put|patch|delete|head|options|request|stream)|urllib\.request\.(urlopen|Request)|urllib3\.PoolManager\(\)\.(request|urlopen)|aiohttp\.ClientSession\(\)\.(get|post|put|patch|delete|request))$/;
const JS_HTTP = /^(fetch|node-fetch|undici\.(fetch|request)|axios(\.create\(\))?(\.(get|post|put|patch|delete|head|request))?|(http|https)\.(get|request)|got(\.(get|post|put|patch|delete))?)$/;
const FIXED_HOST = /^\s*[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+[/?#]/i;

const SSRF_SPEC: FindingSpec = {
  ruleId: 'security/ssrf',
  cwe: 'CWE-918',
  severity: 'error',
  message: 'HTTP request to a URL taken from request input (server-side request forgery).',
  fix: 'Keep the scheme and host fixed in code (or check the host against an allow-list) and put input only in the path or query, URL-encoded.',
};

/** Whether input decides where the request goes: the scheme or host, not just the path or query. */
function hostTainted(ctx: CodeRuleContext, expr: Expr, fn: FunctionIR, depth = 0): boolean {
  if (depth > 4) return false;
  const tainted = (e: Expr): boolean => (ctx.flow.taint(e, fn) & Taint.URL) !== 0;
  switch (expr.kind) {
    case 'interpolation': {
      if (FIXED_HOST.test(expr.head)) return false;
      const first = expr.parts[0];
      return expr.head.trim() === '' ? first !== undefined && hostTainted(ctx, first, fn, depth + 1) : expr.parts.some(tainted);
    }
    case 'binary':
      if (expr.left.kind === 'string') return !FIXED_HOST.test(expr.left.value) && tainted(expr.right);
      return hostTainted(ctx, expr.left, fn, depth + 1);
    case 'name': {
      const values = resolveValue(ctx, expr, fn);
      if (values.length === 1 && values[0] === expr) return tainted(expr);
      return values.some((v) => hostTainted(ctx, v, fn, depth + 1)) || (values.every((v) => v.kind !== 'interpolation' && v.kind !== 'binary') && tainted(expr));
    }
    case 'call':
      if (expr.callee.kind === 'member' && expr.callee.property === 'format' && expr.callee.object.kind === 'string') {
        return !FIXED_HOST.test(expr.callee.object.value) && expr.args.some(tainted);
      }
      return tainted(expr);
    default:
      return tainted(expr);
  }
}

export function serverSideRequestForgery(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { call, fn, name } of callSites(ctx)) {
    const isSink = ctx.language === 'python' ? PY_HTTP.test(name) : JS_HTTP.test(name);
    if (!isSink) continue;
    const method = name.split('.').pop() ?? '';
    const url = method === 'request' && ctx.language === 'python' ? argument(call, 1, 'url') : argument(call, 0, 'url') ?? optionValue(call, 'url');
    const target = url?.kind === 'object' ? url.properties.find((p) => p.key === 'url' || p.key === 'hostname' || p.key === 'host')?.value : url;
    if (target && hostTainted(ctx, target, fn)) findings.push(findingAt(ctx, call.pos, SSRF_SPEC));
  }
  return findings;
}
