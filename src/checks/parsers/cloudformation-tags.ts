import type { CollectionTag, ScalarTag } from 'yaml';

/** Every CloudFormation short-form intrinsic, mapped to its long name. */
export const INTRINSIC_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!GetAZs': 'Fn::GetAZs',
};

/**
 * Custom tags so the `yaml` package accepts each short form on a scalar, a sequence or a mapping.
 * They keep the node (and its position) as parsed; the tag itself stays on the node, where the
 * template rules read it as an intrinsic function.
 */
export function cloudFormationTags(): Array<ScalarTag | CollectionTag> {
  return Object.keys(INTRINSIC_TAGS).flatMap((tag): Array<ScalarTag | CollectionTag> => [
    { tag, resolve: (value: string) => value },
    { tag, collection: 'seq', resolve: (seq) => seq },
    { tag, collection: 'map', resolve: (map) => map },
  ]);
}
