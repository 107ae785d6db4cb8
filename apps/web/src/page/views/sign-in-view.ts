import { el } from '../dom';

export interface SignInView {
  /** Shows why the token cannot be used, next to the field. */
  showProblem(text: string): void;
  setBusy(busy: boolean): void;
  focus(): void;
}

export interface SignInOptions {
  /** A line above the form, e.g. which binding is waiting for the sign-in. */
  intro?: string;
  onSubmit(input: string): void;
}

/**
 * The sign-in form: one password-type field for the personal access token, so it is not shown
 * on screen or remembered by the browser's form history.
 */
export function renderSignInView(
  doc: Document,
  parent: Element,
  { intro, onSubmit }: SignInOptions,
): SignInView {
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
  const problem = el(doc, 'p', { id: 'token-problem', class: 'field-problem', hidden: true });
  const submit = el(doc, 'button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el(
    doc,
    'form',
    { 'aria-labelledby': 'sign-in-title', novalidate: true },
    el(doc, 'h2', { id: 'sign-in-title', tabindex: '-1' }, 'Sign in'),
    intro !== undefined && el(doc, 'p', { class: 'intro' }, intro),
    el(doc, 'label', { for: 'token' }, 'Personal access token'),
    input,
    el(
      doc,
      'p',
      { id: 'token-help', class: 'help' },
      'It looks like 12|AbC…; an administrator issues it with ',
      el(doc, 'code', {}, 'npm run cli -- token:issue'),
      '. It is kept in this tab only and sent only to this server.',
    ),
    problem,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(input.value);
  });
  parent.replaceChildren(form);

  return {
    showProblem(text) {
      problem.textContent = text;
      problem.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'token-problem token-help');
      input.focus();
    },
    setBusy(busy) {
      submit.disabled = busy;
      input.readOnly = busy;
    },
    focus: () => input.focus(),
  };
}
