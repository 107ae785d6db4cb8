import type Joi from 'joi';
import type { Middleware } from 'koa';
import { httpErrors } from '../../errors/request-error';
import { koaGuard } from '../../middleware/koa-guard';
import { invalidInput } from './errors';
import { fieldMessages } from './validation-messages';

export interface AdministratorSchemas {
  /** A path parameter outside its schema means no such resource: 404. */
  params?: Joi.ObjectSchema;
  body?: Joi.ObjectSchema;
}

/**
 * koaGuard with this dialect's wording. A body that is not an object at all (a JSON array, a
 * number) is judged as an empty one, so the client hears which fields are missing rather than a
 * message about the body's type.
 */
export function administratorGuard(schemas: AdministratorSchemas): Middleware {
  return koaGuard(schemas, (details, source) => {
    if (source === 'params') return httpErrors.notFound();
    const rootFailed = details.some((detail) => detail.path.length === 0);
    if (rootFailed && schemas.body) {
      const { error } = schemas.body.validate({}, { abortEarly: false });
      return invalidInput(fieldMessages(error?.details ?? []));
    }
    return invalidInput(fieldMessages(details));
  });
}
