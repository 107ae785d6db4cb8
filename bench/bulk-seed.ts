import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Rows per INSERT ... SELECT: each batch is one statement, committed on its own. */
const BATCH = 50_000;

/** Mainland mobiles run from 13x to 19x: 13000000000 + (offset mod 6000000000). */
const MOBILE_FIRST = 13_000_000_000;
const MOBILE_SPAN = 6_000_000_000;

/** Every fifth bulk person has a membership (GET /account/wx reads them). */
const MEMBERSHIP_EVERY = 5;

/** 'o' + 27 base64url characters (20 bytes), the shape of WeChat's openids and unionids. */
const wechatId = (tag: string) =>
  `'o' || rtrim(translate(encode(decode(md5($3::text || '${tag}' || i) || ` +
  `left(md5($3::text || '${tag}2' || i), 8), 'hex'), 'base64'), '+/', '-_'), '=')`;

/**
 * One batch of people, $1..$2 of the bulk numbering, in one statement: what a sign-in to the
 * mini-program and a bind with WeChat's phone button leave behind (upsertWechatIdentity and
 * bindMobile): the user (mobile, name, avatar, gender), the WeChat external account keyed by the
 * unionid and bound to the user, the openid in the bench mini-program ($4), the bind's audit row;
 * and for every fifth person a membership, by user and unionid. Ids and unionids are random-looking
 * ($3 salts them per run); timestamps spread over the past year.
 */
const INSERT_BATCH = `
WITH s AS MATERIALIZED (
  SELECT i,
         gen_random_uuid() AS user_id,
         gen_random_uuid() AS account_id,
         ${wechatId(':u:')} AS unionid,
         ${wechatId(':o:')} AS openid,
         (${MOBILE_FIRST} + ($5::bigint + i) % ${MOBILE_SPAN})::text AS mobile,
         (ARRAY['male', 'female', 'secret'])[1 + i % 3] AS gender,
         now() - (i % 8760) * interval '1 hour' AS at
    FROM generate_series($1::bigint, $2::bigint) AS i
),
users_in AS (
  INSERT INTO users (id, name, avatar, gender, mobile, created_at, updated_at)
  SELECT user_id, 'bulk-' || i, 'https://example.com/bulk/' || i || '.png', gender, mobile, at, at
    FROM s
),
accounts_in AS (
  INSERT INTO external_accounts
    (id, provider, account_key, union_id, user_id, nickname, avatar, gender, bound_at,
     created_at, updated_at)
  SELECT account_id, 'wechat', unionid, unionid, user_id, 'bulk-' || i,
         'https://example.com/bulk/' || i || '.png', gender, at, at, at
    FROM s
),
openids_in AS (
  INSERT INTO external_openids (provider, app_id, open_id, external_account_id, created_at, updated_at)
  SELECT 'wechat', $4, openid, account_id, at, at FROM s
),
memberships_in AS (
  INSERT INTO memberships
    (user_id, union_id, tier, cycle, expire_date, pay_method, auto_renew, status,
     created_at, updated_at)
  SELECT user_id, unionid,
         CASE WHEN i % 2 = 0 THEN 'standard' ELSE 'premium' END,
         CASE WHEN i % 3 = 0 THEN 'year' ELSE 'month' END,
         (at + interval '1 year')::date, 'wechat', i % 4 = 0, 'active', at, at
    FROM s WHERE i % ${MEMBERSHIP_EVERY} = 0
)
INSERT INTO audit_events
  (action, actor_type, actor_id, subject_type, subject_id, ip, user_agent, details, created_at)
SELECT 'wechat.bind', 'user', user_id::text, 'external_account', account_id::text, '127.0.0.1',
       'bench', jsonb_build_object('provider', 'wechat', 'appId', $4::text, 'openid', openid,
         'mobile', left(mobile, 3) || '****' || right(mobile, 4), 'via', 'phone_code',
         'createdUser', true), at
  FROM s`;

const SEEDED_TABLES = [
  'users',
  'external_accounts',
  'external_openids',
  'memberships',
  'audit_events',
];

export interface BulkGrowth {
  /** People added by this growth. */
  added: number;
  /** Inserting, then VACUUM (ANALYZE). */
  insertSec: number;
  analyzeSec: number;
}

export interface BulkSeeder {
  /** People seeded in bulk so far. */
  readonly seeded: number;
  /** Adds people until `count` have been seeded in bulk, then VACUUM (ANALYZE)s the tables. */
  growTo(count: number): Promise<BulkGrowth>;
  close(): Promise<void>;
}

/**
 * The bulk of the data set, in SQL (INSERT ... SELECT FROM generate_series, in batches), so a
 * million people take minutes rather than the hours the HTTP flow would. Their mobiles start right
 * after the HTTP people's range (`mobileAfter`) and wrap within 13x–19x, so none collides.
 */
export async function openBulkSeeder({
  databaseUrl,
  appId,
  mobileAfter,
  say,
}: {
  databaseUrl: string;
  appId: string;
  /** The first mobile past the HTTP-made people's ones. */
  mobileAfter: number;
  say: (line: string) => void;
}): Promise<BulkSeeder> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const salt = randomBytes(8).toString('hex');
  const mobileOffset = mobileAfter - MOBILE_FIRST;
  let seeded = 0;
  return {
    get seeded() {
      return seeded;
    },
    async growTo(count) {
      const from = seeded;
      const started = Date.now();
      const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
      say(`bulk: seeding people ${from + 1}–${count} with SQL, ${BATCH} a statement`);
      while (seeded < count) {
        const last = Math.min(seeded + BATCH, count);
        await client.query(INSERT_BATCH, [seeded, last - 1, salt, appId, mobileOffset]);
        seeded = last;
        say(`bulk: ${seeded - from}/${count - from} people (${seconds()} s)`);
      }
      const insertSec = (Date.now() - started) / 1000;
      const analyzeStarted = Date.now();
      // VACUUM too, not only ANALYZE: it sets the visibility map and hint bits now, so neither
      // autovacuum nor first reads rewrite the fresh pages during the timed phases.
      await client.query(`VACUUM (ANALYZE) ${SEEDED_TABLES.join(', ')}`);
      const analyzeSec = (Date.now() - analyzeStarted) / 1000;
      say(
        `bulk: ${count - from} people in ${insertSec.toFixed(1)} s, ` +
          `VACUUM (ANALYZE) ${analyzeSec.toFixed(1)} s`,
      );
      return { added: count - from, insertSec, analyzeSec };
    },
    close: () => client.end(),
  };
}
