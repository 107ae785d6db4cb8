import type Joi from 'joi';

/**
 * Joi's findings worded like the documents' one example (`type 不能为空。`): the field name, a
 * space, what is wrong, a full stop. One list per field. A wrong type says only that (being also
 * "not one of the allowed values" adds nothing).
 */
function messageOf(field: string, detail: Joi.ValidationErrorItem): string {
  const context = detail.context ?? {};
  switch (detail.type) {
    case 'any.required':
      return `${field} 不能为空。`;
    case 'string.base':
      return `${field} 必须是字符串。`;
    case 'boolean.base':
      return `${field} 必须是布尔值。`;
    case 'any.only':
      return `${field} 必须是 ${alternatives(context.valids as unknown[])} 之一。`;
    case 'string.max':
      return `${field} 不能超过 ${String(context.limit)} 个字符。`;
    default:
      return `${field} 格式不正确。`;
  }
}

/** `A 或 B`, and for more `A、B、C 或 D`, as Chinese lists them. */
function alternatives(valids: unknown[]): string {
  const words = valids.map(String);
  if (words.length <= 2) return words.join(' 或 ');
  return `${words.slice(0, -1).join('、')} 或 ${words[words.length - 1]}`;
}

const isTypeError = (detail: Joi.ValidationErrorItem) => detail.type.endsWith('.base');

export function fieldMessages(details: Joi.ValidationErrorItem[]): Record<string, string[]> {
  const byField = new Map<string, Joi.ValidationErrorItem[]>();
  for (const detail of details) {
    const field = String(detail.path[0] ?? detail.context?.key ?? 'body');
    byField.set(field, [...(byField.get(field) ?? []), detail]);
  }
  const fields: Record<string, string[]> = {};
  for (const [field, found] of byField) {
    const shown = found.some(isTypeError) ? found.filter(isTypeError) : found;
    fields[field] = [...new Set(shown.map((detail) => messageOf(field, detail)))];
  }
  return fields;
}
