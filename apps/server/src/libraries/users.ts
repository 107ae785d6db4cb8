import type { Transaction } from 'sequelize';
import { UniqueConstraintError } from 'sequelize';
import type { Gender, Models, UserInstance } from '../store/models';
import { DuplicateError, NotFoundError, ValidationError } from './errors';
import { isUuid } from './ids';

export interface NewUser {
  name?: string;
  mobile?: string;
  email?: string;
  gender?: Gender;
}

export interface UserSummary {
  id: string;
  name: string | null;
  mobile: string | null;
  email: string | null;
  gender: Gender;
  createdAt: Date;
}

/** Mainland China mobile numbers: 11 digits, 13x to 19x. */
const mobilePattern = /^1[3-9]\d{9}$/;
/** Deliberately loose (one @, a dot in the domain, no spaces): the verification mail is the real test. */
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME_LENGTH = 64;
const MAX_EMAIL_LENGTH = 254;
const genders: readonly Gender[] = ['male', 'female', 'secret'];

export const MAX_LIST_LIMIT = 1000;

/** Checks and normalises a new user's fields; empty strings count as absent. */
function validateNewUser(input: NewUser) {
  const name = input.name?.trim() || null;
  if (name !== null && name.length > MAX_NAME_LENGTH) {
    throw new ValidationError('name', `name must be at most ${MAX_NAME_LENGTH} characters`);
  }
  const mobile = input.mobile?.trim() || null;
  if (mobile !== null && !mobilePattern.test(mobile)) {
    throw new ValidationError(
      'mobile',
      `mobile must be a mainland China mobile number (11 digits starting 13-19), got "${mobile}"`,
    );
  }
  // Stored lower-cased: the unique index is on lower(email), and lookups should not care either.
  const email = input.email?.trim().toLowerCase() || null;
  if (email !== null && (email.length > MAX_EMAIL_LENGTH || !emailPattern.test(email))) {
    throw new ValidationError('email', `email must be an email address, got "${email}"`);
  }
  const gender = input.gender ?? 'secret';
  if (!genders.includes(gender)) {
    throw new ValidationError('gender', `gender must be one of ${genders.join(', ')}`);
  }
  return { name, mobile, email, gender };
}

/** Which user field a unique violation is about, from the constraint or the reported columns. */
function duplicateFieldOf(error: UniqueConstraintError): string {
  const parent = error.parent as { constraint?: string } | undefined;
  const described = [parent?.constraint ?? '', ...Object.keys(error.fields ?? {})].join(' ');
  if (described.includes('email')) return 'email';
  if (described.includes('mobile')) return 'mobile';
  return 'user';
}

/**
 * Creates a user. Uniqueness of mobile and email is left to the database (a check-then-insert
 * would race); its refusal becomes a DuplicateError naming the field.
 */
export async function createUser(
  models: Models,
  input: NewUser,
  options: { transaction?: Transaction } = {},
): Promise<UserSummary> {
  const fields = validateNewUser(input);
  try {
    const user = await models.User.create(fields, { transaction: options.transaction });
    return summarize(user);
  } catch (error) {
    if (error instanceof UniqueConstraintError) {
      const field = duplicateFieldOf(error);
      const value = field === 'email' ? fields.email : field === 'mobile' ? fields.mobile : '';
      throw new DuplicateError(field, `${field} ${value} already belongs to another user`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** The user, or null when there is none (a malformed id included). */
export async function findUser(
  models: Models,
  id: string,
  options: { transaction?: Transaction } = {},
): Promise<UserSummary | null> {
  if (!isUuid(id)) return null;
  const user = await models.User.findByPk(id, { transaction: options.transaction });
  return user ? summarize(user) : null;
}

/** Like findUser, for callers that cannot go on without the user. */
export async function requireUser(
  models: Models,
  id: string,
  options: { transaction?: Transaction } = {},
): Promise<UserSummary> {
  const user = await findUser(models, id, options);
  if (!user) throw new NotFoundError('user', id);
  return user;
}

/** The newest users first. */
export async function listUsers(
  models: Models,
  { limit = 50 }: { limit?: number } = {},
): Promise<UserSummary[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new ValidationError('limit', `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
  }
  const users = await models.User.findAll({
    order: [
      ['createdAt', 'DESC'],
      ['id', 'ASC'],
    ],
    limit,
  });
  return users.map(summarize);
}

function summarize(user: UserInstance): UserSummary {
  return {
    id: user.id,
    name: user.name,
    mobile: user.mobile,
    email: user.email,
    gender: user.gender,
    createdAt: user.createdAt,
  };
}
