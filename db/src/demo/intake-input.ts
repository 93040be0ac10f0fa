/**
 * A complete 受理 (accept) application for an item, built from its definition: every
 * required field filled with a plausible value, every required material with its copies.
 * Used by the crash soak's writer and the intake benchmark, which go through cases.intake.
 */
import type { FormField, Material } from '../catalogue/definition';

export interface ItemShape {
  code: string;
  fields: readonly FormField[];
  materials: readonly Material[];
}

function valueFor(f: FormField, n: number, today: string): string | number | boolean {
  switch (f.type) {
    case 'text':
      return /phone/i.test(f.key) ? `1380000${String(n % 10000).padStart(4, '0')}` : Array.from('测试填写').slice(0, f.maxLength ?? 10).join('');
    case 'number':
      return Math.max(f.min ?? 1, Math.min(f.max ?? 3, 1 + (n % 3)));
    case 'money':
      return Math.max(f.min ?? 0, Math.min(f.max ?? 1000, 500));
    case 'date':
      return `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
    case 'select': {
      const options = (f.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
      return options[n % options.length]!;
    }
    case 'boolean':
      return n % 2 === 0;
  }
}

export function acceptInput(item: ItemShape, residentId: number, idempotencyKey: string, today: string, n = 0) {
  const values: Record<string, string | number | boolean> = {};
  for (const f of item.fields) if (f.required) values[f.key] = valueFor(f, n, today);
  return {
    residentId,
    itemCode: item.code,
    values,
    materials: item.materials.filter((m) => m.required).map((m) => ({ key: m.key, copies: m.copies })),
    decision: 'accept' as const,
    idempotencyKey,
  };
}
