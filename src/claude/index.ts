/** The only door to Claude: prices, prompts and schemas, the Anthropic model and the simulated model. */
export * from './pricing/index.js';
export * from './prompts/index.js';
export { instanceOfJsonSchema, type JsonSchema } from './json-schema/index.js';
export { createAnthropicModel, type AnthropicModelOptions } from './anthropic-model.js';
export { createSimulatedModel, type SimulatedModelOptions } from './simulated-model.js';
