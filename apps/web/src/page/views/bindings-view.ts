import type { OAuthBinding } from '@wechat-bind/dto';
import { el } from '../dom';
import { logoOf } from '../logos';
import type { Messages } from '../messages';
import type { Provider } from '../providers';
import { PROVIDERS } from '../providers';

export interface BindingsViewOptions {
  messages: Messages;
  /** The providers this server has an app for; the others are not shown. */
  offered: readonly Provider[];
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

function formatDate(iso: string, m: Messages): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(m.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** The provider's mark, named for screen readers: the row's first word. */
function logo(doc: Document, provider: Provider, name: string, m: Messages): Element {
  return el(doc, 'img', {
    class: 'logo',
    src: logoOf(provider.type),
    alt: m.logoAlt(name),
    width: '32',
    height: '32',
  });
}

function avatar(doc: Document, binding: OAuthBinding | undefined): Element | null {
  if (!binding?.avatar || !/^https?:\/\//i.test(binding.avatar)) return null;
  // Decorative: the nickname next to it says who it is. A picture that fails to load gives way
  // to nothing rather than a broken-image icon.
  const image = el(doc, 'img', {
    class: 'avatar',
    src: binding.avatar,
    alt: '',
    width: '48',
    height: '48',
    referrerpolicy: 'no-referrer',
  });
  image.addEventListener('error', () => image.remove());
  return image;
}

function statusLine(doc: Document, binding: OAuthBinding | undefined, m: Messages): Element {
  if (!binding) return el(doc, 'p', { class: 'provider-status' }, m.notBound);
  const who = binding.nickname === null ? m.bound : m.boundTo(binding.nickname);
  return el(
    doc,
    'p',
    { class: 'provider-status' },
    `${who}${m.since}`,
    el(doc, 'time', { datetime: binding.boundAt }, formatDate(binding.boundAt, m)),
  );
}

/** One row per provider: who is bound (or not) and the button that changes it. */
export function renderBindingsView(
  doc: Document,
  parent: Element,
  { messages: m, offered, bindings, onBind, onUnbind, onReload }: BindingsViewOptions,
): BindingsView {
  const buttons: HTMLButtonElement[] = [];
  const heading = el(doc, 'h2', { id: 'bindings-title', tabindex: '-1' }, m.methodsTitle);
  const section = el(doc, 'section', { 'aria-labelledby': 'bindings-title' }, heading);

  if (bindings === undefined) {
    const retry = el(doc, 'button', { type: 'button' }, m.tryAgain);
    retry.addEventListener('click', onReload);
    buttons.push(retry);
    section.append(el(doc, 'p', {}, m.loadFailed), retry);
  } else {
    // A provider that is bound stays listed even once its app is gone, so it can be unbound.
    const shown = PROVIDERS.filter(
      (provider) =>
        offered.includes(provider) || bindings.some((binding) => binding.type === provider.type),
    );
    const names = shown.map((provider) => m.provider[provider.type as 'WECHAT']);
    const or = m.lang === 'en' ? ' or ' : '或';
    const joined =
      names.length <= 1
        ? names.join('')
        : `${names.slice(0, -1).join(m.lang === 'en' ? ', ' : '、')}${or}${names.at(-1)}`;
    section.append(el(doc, 'p', { class: 'intro' }, m.methodsIntro(joined)));
    const list = el(doc, 'ul', { class: 'providers' });
    for (const provider of shown) {
      const name = m.provider[provider.type as 'WECHAT'];
      const binding = bindings.find((candidate) => candidate.type === provider.type);
      const titleId = `provider-${provider.slug}`;
      // Unbinding is not the page's main action: a neutral button; red is for the confirmation.
      const button = binding
        ? el(doc, 'button', { type: 'button', class: 'secondary' }, m.unbind(name))
        : el(doc, 'button', { type: 'button', class: 'primary' }, m.bind(name));
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
          logo(doc, provider, name, m),
          el(
            doc,
            'div',
            { class: 'provider-text' },
            el(doc, 'h3', { id: titleId }, name),
            statusLine(doc, binding, m),
          ),
          avatar(doc, binding),
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
