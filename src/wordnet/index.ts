/** WordNet 3.0 nouns: the shipped table, the hierarchy queries and the class-list tree for sunbursts. */
export {
  WordNet,
  ENTITY,
  WORDNET_TABLE,
  loadWordNet,
  readWordNetTable,
  type Synset,
} from "./wordnet";
export { LEXNAMES, lexnameOf } from "./lexnames";
export { classHierarchy, primaryParent, withoutTrunk, type Hierarchy } from "./hierarchy";
export type { SynsetRecord } from "./records";
