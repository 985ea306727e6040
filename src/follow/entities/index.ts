// Entity recognition for "News folgen": what an article is about, for readers to follow.
export type { Entity, EntityKind, EntityMention, EntityProposal, Language, Recognition } from './entity.ts';
export { entityForms, parseEntity } from './entity.ts';
export { entityIndex } from './entity-index.ts';
export type { EntityIndex } from './entity-index.ts';
export { builtInEntities } from './gazetteer.ts';
export { recognizeEntities } from './recognize.ts';
export type { RecognizeOptions } from './recognize.ts';
