/**
 * Shape checks for ids coming from outside (CLI arguments, headers). PostgreSQL rejects a
 * malformed uuid or bigint with an error rather than "no row", so ids are checked first and a
 * malformed one simply matches nothing.
 */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** At most 18 digits, so every accepted value fits a PostgreSQL bigint. */
const bigintIdPattern = /^[1-9]\d{0,17}$/;

export const isUuid = (value: string): boolean => uuidPattern.test(value);

export const isBigintId = (value: string): boolean => bigintIdPattern.test(value);
