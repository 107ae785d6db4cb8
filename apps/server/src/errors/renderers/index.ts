import type { Dialect } from '../dialect';
import { renderAccountError } from './account-renderer';
import { renderAccountsError } from './accounts-renderer';
import { renderAdministratorError } from './administrator-renderer';
import { renderMyError } from './my-renderer';
import { renderPlainError } from './plain-renderer';
import type { ErrorRenderer } from './types';

export type { ErrorRenderer, RenderedError } from './types';

export const errorRenderers: Record<Dialect, ErrorRenderer> = {
  my: renderMyError,
  administrator: renderAdministratorError,
  account: renderAccountError,
  accounts: renderAccountsError,
  plain: renderPlainError,
};
