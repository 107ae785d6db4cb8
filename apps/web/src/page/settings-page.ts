import type { CreateOAuthBindingRequest, OAuthBinding, OAuthBindingType } from '@wechat-bind/dto';
import type { ApiClient, SessionInfo, SignInRequest } from './api-client';
import { el } from './dom';
import { describeError } from './error-messages';
import type { Messages } from './messages';
import { EN, pickMessages, providerName } from './messages';
import type { ProviderReturn } from './provider-return';
import { readProviderReturn, settingsAddress } from './provider-return';
import type { Provider } from './providers';
import { bindingProviderFor, isInsideWechat, PROVIDERS } from './providers';
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
  /** sessionStorage: remembers, across the trip to a provider, that it was for signing in. */
  storage: Storage;
}

type Granted = Extract<ProviderReturn, { kind: 'granted' }>;

/** Set while the browser is at a provider's page to sign in (not to bind). */
const SIGN_IN_MARK = 'wechat-bind.signing-in-with';

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

function signInRequest({ provider, grant, state }: Granted): SignInRequest {
  return grant.name === 'authCode'
    ? { type: provider.type, authCode: grant.value, state }
    : { type: provider.type, code: grant.value, state };
}

/**
 * The account settings page: sign in (mobile and SMS code, a bound WeChat or DingTalk account,
 * or an operator's token), see the bindings, bind (off to the provider's consent page and back)
 * and unbind.
 */
export function startSettingsPage({ window, root, api, tokens, storage }: SettingsPageDeps): void {
  const doc = window.document;
  const m: Messages = pickMessages(window.navigator.languages);
  doc.documentElement.lang = m.lang;
  doc.title = `${m.title} · wechat-bind`;
  const whoIs = el(doc, 'p', { class: 'signed-in-as', hidden: true });
  const signOut = el(doc, 'button', { type: 'button', class: 'link', hidden: true }, m.signOut);
  root.replaceChildren(
    el(
      doc,
      'header',
      { class: 'page-header' },
      el(doc, 'h1', {}, m.title),
      el(doc, 'div', { class: 'who' }, whoIs, signOut),
    ),
  );
  const notices = createNotices(doc, root);
  const view = el(doc, 'div', { class: 'view' });
  root.append(view);

  /** A code the provider handed back, waiting for a (new) sign-in to be finished. */
  let pending: Granted | undefined;
  let me: SessionInfo | undefined;
  let bindings: OAuthBinding[] = [];
  let signInMode: 'mobile' | 'token' = 'mobile';
  let setBusy: (busy: boolean) => void = () => undefined;
  const busy = (value: boolean) => {
    root.setAttribute('aria-busy', String(value));
    setBusy(value);
  };
  const name = (type: OAuthBindingType) => providerName(m, type);
  const byToken = () => tokens.get() !== undefined;
  const describe = (error: unknown, provider?: Provider) =>
    describeError(error, provider, m, { token: byToken() });

  // What this server has an app for: asked once; until it answers, everything is offered.
  let configured: OAuthBindingType[] = PROVIDERS.map((provider) => provider.type);
  const configuredTypes = api.configuredTypes().then(
    (types) => (configured = types),
    () => configured,
  );
  const offered = () =>
    PROVIDERS.filter(
      (provider) =>
        configured.includes(provider.type) ||
        (provider.type === 'WECHAT' && configured.includes('WECHAT_MP')),
    );
  /** The ways to sign in with a provider here; inside WeChat, its web authorisation. */
  const signInTypes = (): OAuthBindingType[] => {
    const wechat: OAuthBindingType = isInsideWechat(window.navigator.userAgent)
      ? 'WECHAT_MP'
      : 'WECHAT';
    return ([wechat, 'DING_TALK'] as OAuthBindingType[]).filter((type) =>
      configured.includes(type),
    );
  };

  function showWho(info: SessionInfo | undefined) {
    me = info;
    const who = info ? (info.user.name ?? info.user.mobile) : null;
    whoIs.hidden = who === null;
    whoIs.textContent = who === null ? '' : m.signedInAs(who);
    signOut.hidden = info === undefined;
  }

  function showSignIn({ intro, focus = false }: { intro?: string; focus?: boolean } = {}) {
    showWho(undefined);
    const form = renderSignInView(doc, view, {
      messages: m,
      mode: signInMode,
      providers: signInTypes(),
      intro: intro ?? (pending ? m.signInToFinish(name(pending.provider.type)) : undefined),
      onModeChange(mode) {
        signInMode = mode;
        notices.clear();
        showSignIn({ focus: true });
      },
      async onSendCode(mobile) {
        try {
          const sent = await api.sendCode(mobile);
          notices.info(m.codeSent(mobile));
          return sent.resendAfter;
        } catch (error) {
          notices.error(describe(error));
          return undefined;
        }
      },
      onSmsSignIn(mobile, code) {
        void signIn({ mobile, code });
      },
      onProviderSignIn(type) {
        void startProviderSignIn(type);
      },
      onTokenSubmit(input) {
        const parsed = parseToken(input);
        if (!parsed.ok) {
          return form.showProblem(
            parsed.problem === EN.tokenMissing ? m.tokenMissing : m.tokenShape,
          );
        }
        notices.clear();
        tokens.set(parsed.token);
        void showSettings({ focus: true });
      },
    });
    setBusy = form.setBusy;
    if (focus) form.focus();
  }

  async function signIn(request: SignInRequest, provider?: Provider) {
    busy(true);
    if (provider) notices.info(m.signingIn(name(provider.type)));
    try {
      showWho(await api.signIn(request));
    } catch (error) {
      showSignIn({ focus: true });
      notices.error(describe(error, provider));
      return busy(false);
    }
    notices.clear();
    await showSettings({ focus: true, known: true });
  }

  async function startProviderSignIn(type: OAuthBindingType) {
    notices.info(m.opening(name(type)));
    busy(true);
    try {
      const authorizeUrl = await api.startSignIn(type);
      if (!isWebAddress(authorizeUrl)) {
        notices.error(m.badAddress(name(type)));
        return busy(false);
      }
      storage.setItem(SIGN_IN_MARK, type);
      window.location.assign(authorizeUrl);
    } catch (error) {
      notices.error(
        describe(
          error,
          PROVIDERS.find((provider) => provider.type === type),
        ),
      );
      busy(false);
    }
  }

  /**
   * Handles a failed call. A refused token or an ended session: back to the sign-in form,
   * keeping a binding that was being finished, since the state stays valid for the same user.
   * Returns whether the user is still signed in.
   */
  function fail(error: unknown, provider?: Provider, keep?: Granted): boolean {
    const description = describe(error, provider);
    if (description.signIn) {
      // A refused token: the token form again, for the operator to paste a valid one.
      if (byToken()) signInMode = 'token';
      tokens.clear();
      pending = keep;
      showSignIn({ focus: true });
    }
    notices.error(description);
    return !description.signIn;
  }

  /** POSTs the code: the message to show once the list is fresh, or why not. */
  async function finishBinding(granted: Granted): Promise<string | 'failed' | 'signed-out'> {
    const label = name(granted.provider.type);
    notices.info(m.finishing(label));
    try {
      await api.completeBinding(bindingRequest(granted));
      return m.nowBound(label);
    } catch (error) {
      return fail(error, granted.provider, granted) ? 'failed' : 'signed-out';
    }
  }

  /**
   * Loads and shows who is signed in and the bindings (finishing a pending binding first).
   * `outcome` is announced once the list shows it, never before.
   */
  async function showSettings({
    focus = false,
    outcome,
    known = false,
  }: { focus?: boolean; outcome?: string; known?: boolean } = {}) {
    busy(true);
    if (!known) {
      try {
        showWho(await api.whoAmI());
      } catch (error) {
        // A binding on its way back stays pending through the new sign-in.
        if (!fail(error, pending?.provider, pending)) return busy(false);
      }
    }
    signOut.hidden = false;
    await configuredTypes;
    if (pending) {
      const granted = pending;
      pending = undefined;
      const finished = await finishBinding(granted);
      if (finished === 'signed-out') return busy(false);
      if (finished !== 'failed') outcome = finished;
    }
    let loaded: OAuthBinding[] | undefined;
    try {
      loaded = await api.listBindings();
      bindings = loaded;
    } catch (error) {
      if (!fail(error)) return busy(false);
    }
    const list = renderBindingsView(doc, view, {
      messages: m,
      offered: offered(),
      bindings: loaded,
      onBind: (provider) => void bind(provider),
      onUnbind: (provider, binding) => void unbind(provider, binding),
      onReload: () => {
        notices.clear();
        void showSettings({ focus: true });
      },
    });
    setBusy = list.setBusy;
    busy(false);
    if (outcome !== undefined && loaded !== undefined) notices.info(outcome);
    if (focus) list.focus();
  }

  async function bind(provider: Provider) {
    notices.info(m.opening(name(provider.type)));
    busy(true);
    // Inside WeChat's browser the QR code cannot be scanned: WeChat's web authorisation instead.
    const way = bindingProviderFor(provider, window.navigator.userAgent);
    try {
      const authorizeUrl = await api.startBinding(way.type);
      if (!isWebAddress(authorizeUrl)) {
        notices.error(m.badAddress(name(provider.type)));
        return busy(false);
      }
      storage.removeItem(SIGN_IN_MARK);
      // Off to the provider's consent page; it sends the browser back to this page's return
      // route with a code and the state.
      window.location.assign(authorizeUrl);
    } catch (error) {
      if (fail(error, provider)) busy(false);
    }
  }

  async function unbind(provider: Provider, binding: OAuthBinding) {
    notices.clear();
    const label = name(provider.type);
    // The last bound account of a user without a mobile is their last way in (but a token).
    const lastWay = me?.user.mobile === null && bindings.length === 1;
    const confirmed = await confirmAction(doc, {
      title: m.unbindTitle(label),
      message: m.unbindMessage(label, binding.nickname),
      warning: lastWay ? m.lastWayWarning(label) : undefined,
      confirmLabel: m.confirmUnbind,
      cancelLabel: m.cancel,
    });
    if (!confirmed) return;
    busy(true);
    try {
      await api.unbind(provider.type);
    } catch (error) {
      // Refused (e.g. already unbound elsewhere): the message stays, and the list is reloaded.
      if (!fail(error, provider)) return busy(false);
      return showSettings({ known: true });
    }
    await showSettings({ outcome: m.unbound(label), known: true });
  }

  signOut.addEventListener('click', async () => {
    pending = undefined;
    // Back to the people's form; the token form stays a link away.
    signInMode = 'mobile';
    if (byToken()) {
      tokens.clear();
      showSignIn({ focus: true });
      notices.info(m.signedOutToken);
      return;
    }
    busy(true);
    try {
      await api.signOut();
    } catch (error) {
      // A session that already ended is signed out all the same.
      if (describe(error).signIn === false) {
        notices.error(describe(error));
        return busy(false);
      }
    }
    showSignIn({ focus: true });
    busy(false);
    notices.info(m.signedOut);
  });

  // Back from a provider's consent page? Take the code and state out of the address first, so a
  // reload or the Back button cannot send them again.
  const returned = readProviderReturn(window.location.href);
  if (returned) window.history.replaceState(null, '', settingsAddress(window.location.href));
  const signingInWith = storage.getItem(SIGN_IN_MARK);
  storage.removeItem(SIGN_IN_MARK);
  const label = returned ? name(returned.provider.type) : '';
  if (returned?.kind === 'granted' && signingInWith === returned.provider.type && !byToken()) {
    void configuredTypes.then(() => signIn(signInRequest(returned), returned.provider));
    return;
  }
  if (returned?.kind === 'granted') pending = returned;
  const afterReturn = () => {
    if (returned?.kind === 'refused') notices.info(m.refused(label));
    else if (returned?.kind === 'incomplete') notices.error(m.incomplete(label));
  };
  if (byToken()) {
    void showSettings();
    afterReturn();
    return;
  }
  // Signed in already? The session cookie is httpOnly: only the server can say.
  busy(true);
  void configuredTypes.then(async () => {
    let info: SessionInfo | undefined;
    try {
      info = await api.whoAmI();
    } catch {
      showSignIn();
      busy(false);
      return afterReturn();
    }
    showWho(info);
    await showSettings({ known: true });
    if (!pending) afterReturn();
  });
}
