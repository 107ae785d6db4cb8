/** Whose an external account is, and since when (`bound_at`, which mini-program tokens carry). */
export interface Binding {
  userId: string | null;
  boundAt: Date | null;
}

/** The binding the merged account keeps, and the user it was taken from, if any. */
export interface KeptBinding extends Binding {
  /** A user who was bound to one side and no longer has a WeChat account. */
  released: string | null;
}

/**
 * Which binding survives a merge of the `appId:openid` account (`source`) into the unionid's
 * (`target`). A binding moves with its `bound_at`, so tokens issued under it stay valid: a merge
 * is not an unbind.
 *
 * - one side bound: that binding;
 * - both bound to different users: the user who holds data keeps the account; when neither does,
 *   the unionid account's user does (that is the binding every other app already shows); when
 *   both do, `null`: the merge must be refused.
 */
export function keptBinding(
  source: Binding,
  target: Binding,
  holdsData: (userId: string) => boolean,
): KeptBinding | null {
  if (!source.userId) return { ...target, released: null };
  if (!target.userId || target.userId === source.userId) return { ...source, released: null };
  const sourceHolds = holdsData(source.userId);
  const targetHolds = holdsData(target.userId);
  if (sourceHolds && targetHolds) return null;
  return sourceHolds
    ? { ...source, released: target.userId }
    : { ...target, released: source.userId };
}
