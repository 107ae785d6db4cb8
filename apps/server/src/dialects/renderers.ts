import type { Dialect } from './registry';
import { renderAccountError } from './account-linking/renderer';
import { renderAccountsError } from './mini-program/renderer';
import { renderAdministratorError } from './oauth-binding/renderer';
import { renderMyError } from './weixin-binding/renderer';
import { renderPlainError } from '../errors/plain-renderer';
import type { ErrorRenderer } from '../errors/error-renderer';

export type { ErrorRenderer, RenderedError } from '../errors/error-renderer';

export const errorRenderers: Record<Dialect, ErrorRenderer> = {
  my: renderMyError,
  administrator: renderAdministratorError,
  account: renderAccountError,
  accounts: renderAccountsError,
  plain: renderPlainError,
};
