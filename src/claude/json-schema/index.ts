export { instanceOfJsonSchema, withDescribedLimits, type InstanceOptions, type JsonSchema } from './instance-of-json-schema.js';
