import type { VerificationSms } from './sms-sender';

/**
 * What a provider template's variables may be filled with: the code, or its lifetime in whole
 * minutes (rounded up) or seconds. Templates are approved by the provider in advance, so the
 * operator states which variable holds which value (docs/configuration.md).
 */
export const SMS_TEMPLATE_VALUES = ['code', 'minutes', 'seconds'] as const;
export type SmsTemplateValue = (typeof SMS_TEMPLATE_VALUES)[number];

/** One named template variable (Alibaba Cloud's TemplateParam is a JSON object). */
export interface NamedTemplateParam {
  name: string;
  value: SmsTemplateValue;
}

export function templateValue(value: SmsTemplateValue, message: VerificationSms): string {
  switch (value) {
    case 'code':
      return message.code;
    case 'minutes':
      return String(Math.ceil(message.expiresIn / 60));
    case 'seconds':
      return String(message.expiresIn);
  }
}

const isTemplateValue = (value: string): value is SmsTemplateValue =>
  (SMS_TEMPLATE_VALUES as readonly string[]).includes(value);

/**
 * Tencent Cloud's positional layout, `code,minutes`: TemplateParamSet in template order.
 * Returns the problem as text for the config validator to name the variable.
 */
export function parsePositionalParams(text: string): SmsTemplateValue[] | string {
  const values = text.split(',').map((item) => item.trim());
  const wrong = values.find((value) => !isTemplateValue(value));
  if (wrong !== undefined) {
    return `"${wrong}" is not one of ${SMS_TEMPLATE_VALUES.join(', ')}`;
  }
  return values as SmsTemplateValue[];
}

/** Alibaba Cloud's named layout, `code=code,time=minutes`: template variable = value. */
export function parseNamedParams(text: string): NamedTemplateParam[] | string {
  const params: NamedTemplateParam[] = [];
  for (const item of text.split(',').map((entry) => entry.trim())) {
    const [name, value, extra] = item.split('=').map((part) => part.trim());
    if (!name || !/^[A-Za-z_][\w-]*$/.test(name) || value === undefined || extra !== undefined) {
      return `"${item}" is not variable=value (such as code=code)`;
    }
    if (!isTemplateValue(value)) {
      return `"${value}" is not one of ${SMS_TEMPLATE_VALUES.join(', ')}`;
    }
    if (params.some((param) => param.name === name)) return `variable "${name}" appears twice`;
    params.push({ name, value });
  }
  return params;
}
