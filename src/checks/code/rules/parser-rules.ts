import type { Finding } from '../../../domain/validation-result.js';
import { INPUT } from '../taint.js';
import type { CodeRuleContext, FindingSpec } from '../rule-context.js';
import { argument, callSites, findingAt, isConstant, isLiteral, keywordValue, optionValue } from '../rule-context.js';

const ALWAYS_UNSAFE = /^((c?pickle|_pickle|dill|cloudpickle)\.(loads?|Unpickler)|marshal\.loads?|shelve\.open|jsonpickle\.(decode|loads)|pandas\.read_pickle|yaml\.unsafe_load(_all)?|node-serialize\.unserialize|serialize\.unserialize)$/;
const SAFE_LOADER = /(SafeLoader|CSafeLoader|BaseLoader)$/;

const DESERIALIZE_SPEC: FindingSpec = {
  ruleId: 'security/unsafe-deserialization',
  cwe: 'CWE-502',
  severity: 'error',
  message: 'Unsafe deserialization: this format can run code while it loads.',
  fix: 'Use a data-only format (json, yaml.safe_load / yaml.load(..., Loader=yaml.SafeLoader)); never unpickle data that crosses a trust boundary.',
};

export function unsafeDeserialization(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { call, name, fn } of callSites(ctx)) {
    const data = call.args[0];
    if (data && isConstant(data)) continue;
    let unsafe = ALWAYS_UNSAFE.test(name);
    if (/^yaml\.(load|load_all)$/.test(name)) {
      const loader = argument(call, 1, 'Loader');
      unsafe = !loader || !SAFE_LOADER.test(ctx.flow.qualify(loader, fn) ?? '');
    }
    if (/^(numpy|np)\.load$/.test(name)) unsafe = isLiteral(keywordValue(call, 'allow_pickle'), true);
    if (unsafe) findings.push(findingAt(ctx, call.pos, DESERIALIZE_SPEC));
  }
  return findings;
}

const XXE_SPEC: FindingSpec = {
  ruleId: 'security/xml-external-entities',
  cwe: 'CWE-611',
  severity: 'error',
  message: 'XML parser resolves external entities (XXE): a document can read local files or reach internal hosts.',
  fix: 'Disable entity resolution (lxml XMLParser(resolve_entities=False, no_network=True), no `noent`) or parse with defusedxml.',
};

export function xmlExternalEntities(ctx: CodeRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const { call, name, fn } of callSites(ctx)) {
    let vulnerable = false;
    if (/^lxml\.etree\.XMLParser$/.test(name) || /^etree\.XMLParser$/.test(name)) {
      vulnerable = isLiteral(keywordValue(call, 'resolve_entities'), true) || isLiteral(keywordValue(call, 'no_network'), false) ||
        isLiteral(keywordValue(call, 'load_dtd'), true);
    } else if (/^lxml\.etree\.(fromstring|XML|parse)$/.test(name)) {
      const input = call.args[0];
      vulnerable = !keywordValue(call, 'parser') && call.args.length < 2 && input !== undefined && (ctx.flow.taint(input, fn) & INPUT) !== 0;
    } else if (/\.setFeature$/.test(name)) {
      const feature = call.args[0] ? ctx.flow.qualify(call.args[0], fn) ?? '' : '';
      const value = call.args[1];
      vulnerable = /feature_external_(ges|pes)$/.test(feature) && (isLiteral(value, true) || isLiteral(value, 1));
    } else if (/^libxmljs2?\.(parseXml|parseXmlString|parseXmlAsync)$/.test(name)) {
      vulnerable = isLiteral(optionValue(call, 'noent'), true) || isLiteral(optionValue(call, 'dtdload'), true);
    }
    if (vulnerable) findings.push(findingAt(ctx, call.pos, XXE_SPEC));
  }
  return findings;
}
