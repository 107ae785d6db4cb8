import type { AccountsSuccess } from '@wechat-bind/dto';
import { ACCOUNTS_OK_MESSAGE } from '@wechat-bind/dto';

/** The document's success envelope around `data`. */
export const accountsOk = <T>(data: T): AccountsSuccess<T> => ({
  data,
  status: { code: 200, message: ACCOUNTS_OK_MESSAGE },
  success: true,
});
