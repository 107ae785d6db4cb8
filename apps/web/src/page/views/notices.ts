import { el, replaceChildren } from '../dom';
import type { ErrorDescription } from '../error-messages';

/**
 * The page's two message areas, both in the page from the start so screen readers announce what
 * appears in them: progress and outcomes in a polite status region, failures in an alert.
 */
export interface Notices {
  info(text: string): void;
  error(description: ErrorDescription | string): void;
  clear(): void;
}

export function createNotices(doc: Document, parent: Element): Notices {
  const status = el(doc, 'div', { role: 'status', class: 'notice notice-info', id: 'status' });
  const alert = el(doc, 'div', { role: 'alert', class: 'notice notice-error', id: 'alert' });
  parent.append(status, alert);

  const clear = () => {
    replaceChildren(status);
    replaceChildren(alert);
  };
  return {
    info(text) {
      clear();
      replaceChildren(status, el(doc, 'p', {}, text));
    },
    error(description) {
      clear();
      const { text, detail } =
        typeof description === 'string' ? { text: description, detail: undefined } : description;
      replaceChildren(
        alert,
        el(doc, 'p', {}, text),
        detail !== undefined && el(doc, 'p', { class: 'notice-detail' }, detail),
      );
    },
    clear,
  };
}
