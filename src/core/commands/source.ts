import { SOURCE_LOOKUP } from '../views/source.js';
import { lookupCommand } from './builders.js';

export const source = lookupCommand(SOURCE_LOOKUP, {
  description: "A source's card: who it is and every claim on its word",
  examples: ['source kirby', 'source "US official"', 'source media reports share'],
});
