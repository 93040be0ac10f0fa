/**
 * The API contract, as types only: the renderer imports this file with `import type`, so
 * no database code reaches the browser bundle.
 */
import type { z } from 'zod';
import type { handlers } from './handlers';

export type Handlers = typeof handlers;
export type HandlerName = keyof Handlers & string;
export type HandlerInput<K extends HandlerName> = z.input<Handlers[K]['input']>;
export type HandlerOutput<K extends HandlerName> = Awaited<ReturnType<Handlers[K]['run']>>;
export type { ApiResponse, ChangeEvent } from './kernel/dispatch';
export type { ApiErrorBody, ErrorCode, FieldIssue } from './kernel/errors';
export type { Role, Session } from './kernel/handler';
