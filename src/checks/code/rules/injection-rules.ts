import type { Finding } from '../../../domain/validation-result.js';
import { Taint } from '../taint.js';
import type { Expr, FunctionIR } from '../ir.js';
import { walkFunction } from '../ir.js';
import type { CallSite, CodeRuleContext, FindingSpec } from '../rule-context.js';
import { argument, callSites, findingAt, isConstant, isLiteral, keywordValue, optionValue, resolveValue } from '../rule-context.js';

const SQL = /\b(select\s[\s\S]*?\bfrom\b|insert\s+(or\s+\w+\s+)?into\b|update\s+[\w"`.[\]]+\s+set\b|delete\s+from\b|(create|drop|alter|truncate)\s+table\b|merge\s+into\b|replace\s+into\b|where\s+[\w"`.]+\s*(=|like|in)\s*['"(]?$)/i;

interface StringBuild {
  text: string;
  dynamic: Expr[];
}

/** What an expression builds when it builds a string: its literal text and its non-literal parts. */
function stringBuild(expr: Expr): StringBuild | null {
  if (expr.kind === 'interpolation') return { text: expr.text, dynamic: expr.parts };
  if (expr.kind === 'binary' && expr.operator === '+') {
    const leaves = flattenConcat(expr);
    const text = leaves.map((l) => (l.kind === 'string' ? l.value : l.kind === 'interpolation' ? l.text : ' ')).join('');
    const dynamic = leaves.flatMap((l) => (l.kind === 'interpolation' ? l.parts : isConstant(l) ? [] : [l]));
    return leaves.some((l) => l.kind === 'string' || l.kind === 'interpolation') ? { text, dynamic } : null;
  }
  if (expr.kind === 'binary' && expr.operator === '%' && expr.left.kind === 'string') return { text: expr.left.value, dynamic: [expr.right] };
  if (expr.kind === 'call' && expr.callee.kind === 'member' && expr.callee.property === 'format' && expr.callee.object.kind === 'string') {
    return { text: expr.callee.object.value, dynamic: [...expr.args, ...expr.keywords.map((k) => k.value)] };
  }
  return null;
}

function flattenConcat(expr: Expr): Expr[] {
  return expr.kind === 'binary' && expr.operator === '+' ? [...flattenConcat(expr.left), ...flattenConcat(expr.right)] : [expr];
}

/** A name whose own value is SQL text counts as SQL when more is appended to it (`sql += …`). */
function sqlText(ctx: CodeRuleContext, build: StringBuild, fn: FunctionIR): boolean {
  if (SQL.test(build.text)) return true;
  return build.dynamic.some((d) => d.kind === 'name' && (ctx.flow.bindingsOf(d.name, fn) ?? []).some((v) => {
    const inner = v.kind === 'string' ? { text: v.value, dynamic: [] } : stringBuild(v);
    return inner !== null && v !== d && SQL.test(inner.text);
  }));
}

const SQL_SPEC: FindingSpec = {
  ruleId: 'security/sql-injection',
  cwe: 'CWE-89',
  severity: 'error',
  message: 'SQL statement built from request input by string formatting or concatenation.',
  fix: 'Pass the values as bound query parameters (%s, ?, $1 or :name placeholders) instead of formatting them into the SQL.',
};

export function sqlInjection(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const fn of ctx.module.functions) {
    walkFunction(fn, (e) => {
      const build = stringBuild(e);
      if (!build || !sqlText(ctx, build, fn)) return;
      if (build.dynamic.some((d) => (ctx.flow.taint(d, fn) & Taint.SQL) !== 0)) findings.push(findingAt(ctx, e.pos, SQL_SPEC));
    });
  }
  return findings;
}

const SHELL_CALLS = /^(os\.(system|popen[234]?|spawnl[pe]?)|commands\.getoutput|subprocess\.(getoutput|getstatusoutput)|child_process\.(exec|execSync)|shelljs\.exec|cp\.exec)$/;
const PROCESS_CALLS = /^(subprocess\.(run|call|check_call|check_output|Popen)|asyncio\.create_subprocess_(exec|shell)|child_process\.(spawn|spawnSync|execFile|execFileSync|fork))$/;

function commandSpec(tainted: boolean): FindingSpec {
  return {
    ruleId: 'security/command-injection',
    cwe: 'CWE-78',
    severity: tainted ? 'error' : 'warning',
    message: tainted ? 'OS command built from request input runs through a shell.' : 'OS command with a non-literal command line runs through a shell.',
    fix: 'Run the program without a shell and pass arguments as a list (subprocess.run([...]) / execFile(cmd, [args])); never put input in the command string.',
  };
}

const SHELLS = /^(\/(usr\/)?bin\/)?(sh|bash|zsh|dash|ksh|cmd(\.exe)?|powershell|pwsh)$/;
const QUOTE_CALL = /(^|\.)(quote|escape|escapeShellArg)$/;

/** Whether every non-literal part of a command string went through a shell-quoting function. */
function allPartsQuoted(ctx: CodeRuleContext, command: Expr, fn: FunctionIR): boolean {
  const parts = command.kind === 'interpolation' ? command.parts : command.kind === 'binary' ? flattenConcat(command).filter((p) => !isConstant(p)) : [command];
  return parts.every((part) => resolveValue(ctx, part, fn).every((value) => value.kind === 'call' && QUOTE_CALL.test(ctx.flow.qualify(value.callee, fn) ?? '')));
}

/** `spawn('sh', ['-c', cmd])`: a shell given its command line as an argument. */
function shellWithCommand(ctx: CodeRuleContext, call: CallSite['call'], fn: FunctionIR): boolean {
  const argv = call.args[0]?.kind === 'array' ? call.args[0].items : call.args[1]?.kind === 'array' ? [call.args[0], ...call.args[1].items] : [];
  const program = argv[0];
  if (program?.kind !== 'string' || !SHELLS.test(program.value)) return false;
  return argv.slice(1).some((a) => a !== undefined && (ctx.flow.taint(a, fn) & Taint.COMMAND) !== 0);
}

function commandFinding(ctx: CodeRuleContext, site: CallSite): Finding | null {
  const { call, fn, name } = site;
  if (PROCESS_CALLS.test(name) && shellWithCommand(ctx, call, fn)) return findingAt(ctx, call.pos, commandSpec(true));
  const command = argument(call, 0, 'args') ?? argument(call, 0, 'cmd');
  if (!command || isConstant(command)) return null;
  const tainted = (ctx.flow.taint(command, fn) & Taint.COMMAND) !== 0;
  if (!tainted && allPartsQuoted(ctx, command, fn)) return null;
  if (SHELL_CALLS.test(name) || /create_subprocess_shell$/.test(name)) return findingAt(ctx, call.pos, commandSpec(tainted));
  if (!PROCESS_CALLS.test(name)) return null;
  const shell = isLiteral(keywordValue(call, 'shell'), true) || isLiteral(optionValue(call, 'shell'), true);
  if (shell) return findingAt(ctx, call.pos, commandSpec(tainted));
  const program = command.kind === 'array' ? command.items[0] : command;
  if (program && (ctx.flow.taint(program, fn) & Taint.COMMAND) !== 0) return findingAt(ctx, call.pos, commandSpec(true));
  return null;
}

export function commandInjection(ctx: CodeRuleContext): Finding[] {
  return callSites(ctx).map((site) => commandFinding(ctx, site)).filter((f): f is Finding => f !== null);
}

const PY_EVAL = /^(eval|exec|compile|builtins\.(eval|exec))$/;
const JS_EVAL = /^(eval|Function|vm\.(runInNewContext|runInThisContext|runInContext|Script|compileFunction|SourceTextModule))$/;
const JS_TIMER = /^(setTimeout|setInterval|setImmediate)$/;

function codeSpec(tainted: boolean): FindingSpec {
  return {
    ruleId: 'security/code-injection',
    cwe: 'CWE-95',
    severity: tainted ? 'error' : 'warning',
    message: tainted ? 'Request input is evaluated as code.' : 'Non-literal text is evaluated as code.',
    fix: 'Parse the data instead of evaluating it (json.loads / JSON.parse, ast.literal_eval, a lookup table of allowed operations).',
  };
}

export function codeInjection(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { call, fn, name } of callSites(ctx)) {
    const isEval = ctx.language === 'python' ? PY_EVAL.test(name) : JS_EVAL.test(name);
    const first = call.args[0];
    const isTimer = ctx.language !== 'python' && JS_TIMER.test(name) && first !== undefined && first.kind !== 'function';
    // A name or member handed to a timer is usually a function; request data never is (JSON holds no functions).
    const isTimerString = isTimer && ((first.kind !== 'name' && first.kind !== 'member') || (ctx.flow.taint(first, fn) & Taint.CODE) !== 0);
    if (!isEval && !isTimerString) continue;
    const code = isTimerString ? call.args.slice(0, 1) : call.args;
    const dynamic = code.filter((a) => !isConstant(a));
    if (dynamic.length === 0) continue;
    const tainted = dynamic.some((a) => (ctx.flow.taint(a, fn) & Taint.CODE) !== 0);
    findings.push(findingAt(ctx, call.pos, codeSpec(tainted)));
  }
  return findings;
}
