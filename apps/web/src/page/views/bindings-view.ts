import type { OAuthBinding } from '@wechat-bind/dto';
import { el } from '../dom';
import type { Provider } from '../providers';
import { PROVIDERS } from '../providers';

export interface BindingsViewOptions {
  /** The user's bindings; undefined when they could not be loaded. */
  bindings: OAuthBinding[] | undefined;
  onBind(provider: Provider): void;
  onUnbind(provider: Provider, binding: OAuthBinding): void;
  onReload(): void;
}

export interface BindingsView {
  /** While a request runs, every button is disabled so nothing is sent twice. */
  setBusy(busy: boolean): void;
  focus(): void;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
}

function avatar(doc: Document, binding: OAuthBinding | undefined, provider: Provider): Element {
  const placeholder = el(
    doc,
    'span',
    { class: 'avatar avatar-placeholder', 'aria-hidden': 'true' },
    provider.label[0],
  );
  if (!binding?.avatar || !/^https?:\/\//i.test(binding.avatar)) return placeholder;
  // Decorative: the nickname next to it says who it is. A picture that fails to load gives way
  // to the placeholder instead of a broken-image icon.
  const image = el(doc, 'img', {
    class: 'avatar',
    src: binding.avatar,
    alt: '',
    width: '48',
    height: '48',
    referrerpolicy: 'no-referrer',
  });
  image.addEventListener('error', () => image.replaceWith(placeholder));
  return image;
}

function statusLine(doc: Document, binding: OAuthBinding | undefined): Element {
  if (!binding) return el(doc, 'p', { class: 'provider-status' }, 'Not bound');
  const who = binding.nickname === null ? 'Bound' : `Bound to “${binding.nickname}”`;
  return el(
    doc,
    'p',
    { class: 'provider-status' },
    `${who} since `,
    el(doc, 'time', { datetime: binding.boundAt }, formatDate(binding.boundAt)),
  );
}

/** One row per provider: who is bound (or not) and the button that changes it. */
export function renderBindingsView(
  doc: Document,
  parent: Element,
  { bindings, onBind, onUnbind, onReload }: BindingsViewOptions,
): BindingsView {
  const buttons: HTMLButtonElement[] = [];
  const heading = el(doc, 'h2', { id: 'bindings-title', tabindex: '-1' }, 'Sign-in methods');
  const section = el(doc, 'section', { 'aria-labelledby': 'bindings-title' }, heading);

  if (bindings === undefined) {
    const retry = el(doc, 'button', { type: 'button' }, 'Try again');
    retry.addEventListener('click', onReload);
    buttons.push(retry);
    section.append(el(doc, 'p', {}, 'Your sign-in methods could not be loaded.'), retry);
  } else {
    section.append(
      el(doc, 'p', { class: 'intro' }, 'Bind WeChat, DingTalk or WeCom to sign in with it.'),
    );
    const list = el(doc, 'ul', { class: 'providers' });
    for (const provider of PROVIDERS) {
      const binding = bindings.find((candidate) => candidate.type === provider.type);
      const titleId = `provider-${provider.slug}`;
      const button = binding
        ? el(doc, 'button', { type: 'button', class: 'danger' }, `Unbind ${provider.label}`)
        : el(doc, 'button', { type: 'button', class: 'primary' }, `Bind ${provider.label}`);
      button.addEventListener('click', () =>
        binding ? onUnbind(provider, binding) : onBind(provider),
      );
      buttons.push(button);
      list.append(
        el(
          doc,
          'li',
          {
            class: `provider ${binding ? 'is-bound' : 'is-unbound'}`,
            'aria-labelledby': titleId,
            'data-type': provider.type,
          },
          avatar(doc, binding, provider),
          el(
            doc,
            'div',
            { class: 'provider-text' },
            el(doc, 'h3', { id: titleId }, provider.label),
            statusLine(doc, binding),
          ),
          button,
        ),
      );
    }
    section.append(list);
  }
  parent.replaceChildren(section);

  return {
    setBusy(busy) {
      for (const button of buttons) button.disabled = busy;
    },
    focus: () => heading.focus(),
  };
}
