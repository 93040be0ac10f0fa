/**
 * Types only (no runtime import), so that the vitest helpers and the Playwright helpers can
 * share them: a handler's input as the trailing argument of a helper.
 */
import type { HandlerInput, HandlerName } from '../../db/src/contract';

/** The input may be left out only when the handler accepts an empty object. */
export type InputArg<K extends HandlerName> = {} extends HandlerInput<K> ? [input?: HandlerInput<K>] : [input: HandlerInput<K>];
