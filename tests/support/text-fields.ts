import type { z } from 'zod';
import type { HandlerSpec } from '../../db/src/kernel/handler';
import { textRuleOf, type TextRule } from '../../db/src/validation/free-text';

/** A string in a handler's input, by path; `*` stands for any element of an array or record. */
export interface StringField {
  handler: string;
  path: string[];
  schema: z.ZodType;
  /** the free-text rule it carries, if any */
  rule: TextRule | undefined;
  /** held to a pattern (regex, date, …), which already keeps control characters out */
  patterned: boolean;
}

type Def = Record<string, any> & { type: string };
const defOf = (schema: z.ZodType): Def => schema._zod.def as Def;

function patterned(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.format) return true;
  return ((def.checks ?? []) as { _zod: { def: { check: string } } }[]).some((c) => c._zod.def.check === 'string_format');
}

/** Every string leaf of a zod schema, found by walking its definition. */
export function stringFields(handler: string, schema: z.ZodType): StringField[] {
  const out: StringField[] = [];
  const seen = new Set<string>();
  const walk = (s: z.ZodType, path: string[], depth: number) => {
    if (depth > 30) return;
    const def = defOf(s);
    switch (def.type) {
      case 'string': {
        const field = { handler, path, schema: s, rule: textRuleOf(s), patterned: patterned(s) };
        const key = `${path.join('.')}|${field.rule?.label ?? ''}|${field.patterned}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(field);
        }
        return;
      }
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(child, [...path, key], depth + 1);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
      case 'success':
        walk(def.innerType, path, depth + 1);
        return;
      case 'pipe':
        walk(def.in, path, depth + 1);
        walk(def.out, path, depth + 1);
        return;
      case 'array':
        walk(def.element, [...path, '*'], depth + 1);
        return;
      case 'set':
      case 'record':
      case 'map':
        walk(def.valueType, [...path, '*'], depth + 1);
        return;
      case 'union':
        for (const option of def.options as z.ZodType[]) walk(option, path, depth + 1);
        return;
      case 'intersection':
        walk(def.left, path, depth + 1);
        walk(def.right, path, depth + 1);
        return;
      case 'tuple':
        (def.items as z.ZodType[]).forEach((item, i) => walk(item, [...path, String(i)], depth + 1));
        return;
      case 'lazy':
        walk(def.getter(), path, depth + 1);
        return;
      default:
        // numbers, booleans, enums, literals, transforms, unknown: no text to hold
        return;
    }
  };
  walk(schema, [], 0);
  return out;
}

export function allStringFields(handlers: Record<string, HandlerSpec<z.ZodType, unknown>>): StringField[] {
  return Object.entries(handlers).flatMap(([name, spec]) => stringFields(name, spec.input));
}

export const fieldName = (f: Pick<StringField, 'handler' | 'path'>) => `${f.handler}:${f.path.join('.')}`;

/**
 * Where a path with `*` meets a string in a concrete value: the first element that has
 * one there. Null when the value has no string at that path.
 */
export function locate(value: unknown, path: readonly string[]): (string | number)[] | null {
  if (path.length === 0) return typeof value === 'string' ? [] : null;
  const [head, ...rest] = path as [string, ...string[]];
  if (value === null || typeof value !== 'object') return null;
  if (head === '*') {
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [k, v] of entries) {
      const found = locate(v, rest);
      if (found) return [k, ...found];
    }
    return null;
  }
  if (!Object.hasOwn(value, head)) return null;
  const found = locate((value as Record<string, unknown>)[head], rest);
  return found ? [head, ...found] : null;
}

/** A copy of `value` with the string at `at` replaced by `change(old)`. */
export function replaced(value: unknown, at: readonly (string | number)[], change: (old: string) => string): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  at.slice(0, -1).forEach((k) => {
    node = node[k] as Record<string | number, unknown>;
  });
  const last = at[at.length - 1]!;
  node[last] = change(node[last] as string);
  return copy;
}

/** `bad` put after the first character, so that trimming cannot take it away. */
export const inject = (text: string, bad: string) => {
  const chars = Array.from(text);
  return chars[0] === undefined ? bad : chars[0] + bad + chars.slice(1).join('');
};
