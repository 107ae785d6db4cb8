import type { OAuthBindingType } from '@wechat-bind/dto';
import { el } from '../dom';
import { logoOf } from '../logos';
import type { Messages } from '../messages';
import { providerName } from '../messages';

export interface SignInView {
  /** Shows why the input cannot be used, next to the form. */
  showProblem(text: string): void;
  setBusy(busy: boolean): void;
  focus(): void;
}

export interface SignInOptions {
  messages: Messages;
  /** A line above the form, e.g. which binding is waiting for the sign-in. */
  intro?: string;
  /** `token`: the operators' form; else the mobile and SMS code form. */
  mode: 'mobile' | 'token';
  /** The providers this server can sign in with (WeChat, DingTalk). */
  providers: OAuthBindingType[];
  onModeChange(mode: 'mobile' | 'token'): void;
  /** Sends the code; resolves to the seconds until another may be sent, or undefined on failure. */
  onSendCode(mobile: string): Promise<number | undefined>;
  onSmsSignIn(mobile: string, code: string): void;
  onProviderSignIn(type: OAuthBindingType): void;
  onTokenSubmit(input: string): void;
}

const MOBILE = /^1[3-9]\d{9}$/;
const CODE = /^\d{6}$/;

/**
 * The sign-in form: a mobile number and an SMS code first, then buttons for the bound accounts
 * a person may sign in with, and a secondary link to the token form operators use. The token
 * field is password-type, so it is not shown on screen or kept in form history.
 */
export function renderSignInView(
  doc: Document,
  parent: Element,
  options: SignInOptions,
): SignInView {
  const m = options.messages;
  const problemId = options.mode === 'token' ? 'token-problem' : 'sign-in-problem';
  const problem = el(doc, 'p', { id: problemId, class: 'field-problem', hidden: true });
  const heading = el(doc, 'h2', { id: 'sign-in-title', tabindex: '-1' }, m.signInTitle);
  const controls: Array<HTMLButtonElement | HTMLInputElement> = [];
  let first: HTMLElement;
  let problemField: HTMLInputElement | undefined;

  const form = el(doc, 'form', { 'aria-labelledby': 'sign-in-title', novalidate: true }, heading);
  if (options.intro !== undefined) form.append(el(doc, 'p', { class: 'intro' }, options.intro));

  if (options.mode === 'token') {
    const input = el(doc, 'input', {
      id: 'token',
      name: 'token',
      type: 'password',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      required: true,
      'aria-describedby': 'token-help',
    });
    const submit = el(doc, 'button', { type: 'submit', class: 'primary' }, m.signIn);
    form.append(
      el(doc, 'label', { for: 'token' }, m.tokenLabel),
      input,
      el(
        doc,
        'p',
        { id: 'token-help', class: 'help' },
        m.tokenHelpBefore,
        el(doc, 'code', {}, 'npm run cli -- token:issue'),
        m.tokenHelpAfter,
      ),
      problem,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      options.onTokenSubmit(input.value);
    });
    controls.push(input, submit);
    first = input;
    problemField = input;
  } else {
    const mobile = el(doc, 'input', {
      id: 'mobile',
      name: 'mobile',
      type: 'tel',
      inputmode: 'numeric',
      autocomplete: 'tel-national',
      maxlength: '11',
      required: true,
    });
    const code = el(doc, 'input', {
      id: 'sms-code',
      name: 'code',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: '6',
      required: true,
    });
    const send = el(doc, 'button', { type: 'button', class: 'secondary' }, m.sendCode);
    const submit = el(doc, 'button', { type: 'submit', class: 'primary' }, m.signIn);
    form.append(
      el(doc, 'label', { for: 'mobile' }, m.mobileLabel),
      mobile,
      el(doc, 'label', { for: 'sms-code' }, m.codeLabel),
      el(doc, 'div', { class: 'code-row' }, code, send),
      problem,
      submit,
    );
    let countdown: ReturnType<typeof setInterval> | undefined;
    send.addEventListener('click', async () => {
      const number = mobile.value.trim();
      if (!MOBILE.test(number)) return view.showProblem(m.mobileProblem, mobile);
      hideProblem();
      send.disabled = true;
      const wait = await options.onSendCode(number);
      if (wait === undefined) {
        send.disabled = false;
        return;
      }
      code.focus();
      let left = wait;
      send.textContent = m.resendIn(left);
      countdown = setInterval(() => {
        left -= 1;
        if (left > 0 && send.isConnected) {
          send.textContent = m.resendIn(left);
          return;
        }
        clearInterval(countdown);
        send.textContent = m.sendCode;
        send.disabled = false;
      }, 1000);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const number = mobile.value.trim();
      if (!MOBILE.test(number)) return view.showProblem(m.mobileProblem, mobile);
      if (!CODE.test(code.value.trim())) return view.showProblem(m.codeProblem, code);
      hideProblem();
      options.onSmsSignIn(number, code.value.trim());
    });
    controls.push(mobile, code, submit);
    first = mobile;
    problemField = mobile;

    if (options.providers.length > 0) {
      const buttons = options.providers.map((type) => {
        const name = providerName(m, type);
        const button = el(
          doc,
          'button',
          { type: 'button', class: 'provider-sign-in' },
          el(doc, 'img', { src: logoOf(type), alt: '', width: '24', height: '24' }),
          m.signInWith(name),
        );
        button.addEventListener('click', () => options.onProviderSignIn(type));
        controls.push(button);
        return button;
      });
      form.append(
        el(doc, 'p', { class: 'or-with' }, m.orWith),
        el(doc, 'div', { class: 'provider-sign-ins' }, ...buttons),
      );
    }
  }

  const other = options.mode === 'token' ? 'mobile' : 'token';
  const switchMode = el(
    doc,
    'button',
    { type: 'button', class: 'link' },
    other === 'token' ? m.withToken : m.withMobile,
  );
  switchMode.addEventListener('click', () => options.onModeChange(other));
  form.append(el(doc, 'p', { class: 'switch-mode' }, switchMode));
  parent.replaceChildren(form);

  function hideProblem() {
    problem.hidden = true;
    problemField?.removeAttribute('aria-invalid');
  }

  const view = {
    showProblem(text: string, field: HTMLInputElement | undefined = problemField) {
      problem.textContent = text;
      problem.hidden = false;
      if (field) {
        problemField?.removeAttribute('aria-invalid');
        problemField = field;
        field.setAttribute('aria-invalid', 'true');
        field.setAttribute(
          'aria-describedby',
          options.mode === 'token' ? 'token-problem token-help' : problemId,
        );
        field.focus();
      }
    },
    setBusy(busy: boolean) {
      for (const control of controls) {
        if (control instanceof HTMLInputElement) control.readOnly = busy;
        else control.disabled = busy;
      }
    },
    focus: () => first.focus(),
  };
  return view;
}
