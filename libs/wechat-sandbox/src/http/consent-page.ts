import { escapeHtml, htmlPage } from './html';

export interface ConsentUser {
  /** What the Allow button submits as `user`. */
  id: string;
  name: string;
  avatar: string;
}

export interface ConsentPageInput {
  provider: 'WeChat' | 'DingTalk' | 'WeCom';
  appName: string;
  /** Where the form posts: the provider's authorize handler. */
  action: string;
  /** The request's parameters, carried through the form unchanged. */
  hidden: Record<string, string | undefined>;
  users: ConsentUser[];
}

/**
 * The stand-in for the provider's QR-code page: instead of scanning with a phone, pick which
 * sandbox user you are. One form; each Allow button submits its user, Refuse submits a refusal.
 * Every button's accessible name starts with its visible text, so speech input can press it.
 */
export function consentPage({
  provider,
  appName,
  action,
  hidden,
  users,
}: ConsentPageInput): string {
  const fields = Object.entries(hidden)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
  const rows = users
    .map(
      (user) => `<li>
<img src="${escapeHtml(user.avatar)}" alt="">
<span>${escapeHtml(user.name)}</span>
<button type="submit" name="user" value="${escapeHtml(user.id)}" aria-label="Allow as ${escapeHtml(user.name)}">Allow</button>
</li>`,
    )
    .join('\n');
  const list =
    users.length > 0
      ? `<ul aria-label="Sandbox ${provider} users">\n${rows}\n</ul>`
      : `<p>No ${provider} users are registered in the sandbox yet. Register one through the control API.</p>`;

  const title = `Sign in to ${appName} with ${provider}`;
  return htmlPage(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${provider} sandbox: choose the user who allows ${escapeHtml(appName)} to sign them in.</p>
<form method="post" action="${escapeHtml(action)}">
${fields}
${list}
<p><button type="submit" name="decision" value="refuse">Refuse</button></p>
</form>`,
  );
}

/** What the provider shows for a malformed authorize link: a page, not a redirect. */
export function consentErrorPage(provider: ConsentPageInput['provider'], reason: string): string {
  return htmlPage(
    `${provider} sandbox: this link cannot be opened`,
    `<h1>This link cannot be opened</h1>\n<p role="alert">${escapeHtml(reason)}</p>`,
  );
}
