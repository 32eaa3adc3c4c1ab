import { ACTOR_LOOKUP } from '../views/actor.js';
import { lookupCommand } from './builders.js';

export const actor = lookupCommand(ACTOR_LOOKUP, {
  description: "An actor's card: who they are and every claim involving them",
  examples: ['actor putin', 'actor "North Korean leader"', 'actor Shoigu share'],
});
