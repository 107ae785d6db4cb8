import type { CreateOAuthBindingRequest, OAuthBinding } from '@wechat-bind/dto';
import type { ApiClient } from './api-client';
import { el } from './dom';
import { describeError } from './error-messages';
import type { ProviderReturn } from './provider-return';
import { readProviderReturn, settingsAddress } from './provider-return';
import type { Provider } from './providers';
import { bindingProviderFor } from './providers';
import type { TokenStore } from './token-store';
import { parseToken } from './token-store';
import { renderBindingsView } from './views/bindings-view';
import { confirmAction } from './views/confirm-dialog';
import { createNotices } from './views/notices';
import { renderSignInView } from './views/sign-in-view';

export interface SettingsPageDeps {
  window: Window;
  /** Where the page draws itself (`<main>`). */
  root: HTMLElement;
  api: ApiClient;
  tokens: TokenStore;
}

type Granted = Extract<ProviderReturn, { kind: 'granted' }>;

/** Only a web address may be followed: never `javascript:` or `data:`, whatever the server says. */
function isWebAddress(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function bindingRequest({ provider, grant, state }: Granted): CreateOAuthBindingRequest {
  return provider.type === 'DING_TALK' && grant.name === 'authCode'
    ? { type: 'DING_TALK', authCode: grant.value, state }
    : { type: provider.type, code: grant.value, state };
}

/**
 * The account settings page: sign in with a personal access token, see the WeChat and DingTalk
 * bindings, bind (off to the provider's consent page and back) and unbind.
 */
export function startSettingsPage({ window, root, api, tokens }: SettingsPageDeps): void {
  const doc = window.document;
  const signOut = el(doc, 'button', { type: 'button', class: 'link', hidden: true }, 'Sign out');
  root.replaceChildren(
    el(doc, 'header', { class: 'page-header' }, el(doc, 'h1', {}, 'Account settings'), signOut),
  );
  const notices = createNotices(doc, root);
  const view = el(doc, 'div', { class: 'view' });
  root.append(view);

  /** A code the provider handed back, waiting for a (new) sign-in to be finished. */
  let pending: Granted | undefined;
  let setBusy: (busy: boolean) => void = () => undefined;
  const busy = (value: boolean) => {
    root.setAttribute('aria-busy', String(value));
    setBusy(value);
  };

  function showSignIn({ intro, focus = false }: { intro?: string; focus?: boolean } = {}) {
    signOut.hidden = true;
    const form = renderSignInView(doc, view, {
      intro:
        intro ?? (pending ? `Sign in to finish binding ${pending.provider.label}.` : undefined),
      onSubmit(input) {
        const parsed = parseToken(input);
        if (!parsed.ok) return form.showProblem(parsed.problem);
        notices.clear();
        tokens.set(parsed.token);
        void showSettings({ focus: true });
      },
    });
    setBusy = form.setBusy;
    if (focus) form.focus();
  }

  /**
   * Handles a failed call. A refused token ends the session: back to the sign-in form, keeping a
   * binding that was being finished, since the state stays valid for the same user. Returns
   * whether the user is still signed in.
   */
  function fail(error: unknown, provider?: Provider, keep?: Granted): boolean {
    const description = describeError(error, provider);
    if (description.signIn) {
      tokens.clear();
      pending = keep;
      showSignIn({ focus: true });
    }
    notices.error(description);
    return !description.signIn;
  }

  /** POSTs the code: the message to show once the list is fresh, or why not. */
  async function finishBinding(granted: Granted): Promise<string | 'failed' | 'signed-out'> {
    const { label } = granted.provider;
    notices.info(`Finishing the ${label} binding…`);
    try {
      await api.completeBinding(bindingRequest(granted));
      return `${label} is now bound to your account.`;
    } catch (error) {
      return fail(error, granted.provider, granted) ? 'failed' : 'signed-out';
    }
  }

  /**
   * Loads and shows the bindings (finishing a pending binding first). `outcome` is announced
   * once the list shows it, never before.
   */
  async function showSettings({
    focus = false,
    outcome,
  }: { focus?: boolean; outcome?: string } = {}) {
    signOut.hidden = false;
    busy(true);
    if (pending) {
      const granted = pending;
      pending = undefined;
      const finished = await finishBinding(granted);
      if (finished === 'signed-out') return busy(false);
      if (finished !== 'failed') outcome = finished;
    }
    let bindings: OAuthBinding[] | undefined;
    try {
      bindings = await api.listBindings();
    } catch (error) {
      if (!fail(error)) return busy(false);
    }
    const list = renderBindingsView(doc, view, {
      bindings,
      onBind: (provider) => void bind(provider),
      onUnbind: (provider, binding) => void unbind(provider, binding),
      onReload: () => {
        notices.clear();
        void showSettings({ focus: true });
      },
    });
    setBusy = list.setBusy;
    busy(false);
    if (outcome !== undefined && bindings !== undefined) notices.info(outcome);
    if (focus) list.focus();
  }

  async function bind(provider: Provider) {
    notices.info(`Opening ${provider.label}…`);
    busy(true);
    // Inside WeChat's browser the QR code cannot be scanned: WeChat's web authorisation instead.
    const way = bindingProviderFor(provider, window.navigator.userAgent);
    try {
      const authorizeUrl = await api.startBinding(way.type);
      if (!isWebAddress(authorizeUrl)) {
        notices.error(`The server gave an address this page will not open for ${provider.label}.`);
        return busy(false);
      }
      // Off to the provider's consent page; it sends the browser back to this page's return
      // route with a code and the state.
      window.location.assign(authorizeUrl);
    } catch (error) {
      if (fail(error, provider)) busy(false);
    }
  }

  async function unbind(provider: Provider, binding: OAuthBinding) {
    notices.clear();
    const who = binding.nickname === null ? '' : ` (“${binding.nickname}”)`;
    const confirmed = await confirmAction(doc, {
      title: `Unbind ${provider.label}?`,
      message: `You will no longer be able to sign in with this ${provider.label} account${who}. You can bind it again later.`,
      confirmLabel: 'Unbind',
    });
    if (!confirmed) return;
    busy(true);
    try {
      await api.unbind(provider.type);
    } catch (error) {
      // Refused (e.g. already unbound elsewhere): the message stays, and the list is reloaded.
      if (!fail(error, provider)) return busy(false);
      return showSettings();
    }
    await showSettings({ outcome: `${provider.label} is unbound from your account.` });
  }

  signOut.addEventListener('click', () => {
    tokens.clear();
    pending = undefined;
    showSignIn({ focus: true });
    notices.info('Signed out: this tab no longer holds your token.');
  });

  // Back from a provider's consent page? Take the code and state out of the address first, so a
  // reload or the Back button cannot send them again.
  const returned = readProviderReturn(window.location.href);
  if (returned) window.history.replaceState(null, '', settingsAddress(window.location.href));
  const label = returned?.provider.label;
  if (returned?.kind === 'granted') pending = returned;
  if (tokens.get()) void showSettings();
  else showSignIn();
  if (returned?.kind === 'refused') {
    notices.info(`${label} was not bound: the request was declined on the ${label} page.`);
  } else if (returned?.kind === 'incomplete') {
    notices.error(
      `${label} sent back an incomplete answer, so nothing was bound. Press “Bind ${label}” to try again.`,
    );
  }
}
