import { burnPasswordCheck, hashPassword, verifyPassword } from '../../crypto/password-hash.js';
import { findAccount, updateAccount } from '../../store/index.js';
import type { AuthOutcome, IdentityServiceType, LoginInput, ServiceContext } from '../identity-service-type.js';

/**
 * JOC: accounts and Argon2id password hashes in Keyward's database, roles too (seed 001 matrix).
 * JS7-format hashes (`$JS7-1.0$`, spec §4.3) verify and are replaced by Argon2id on the first successful login.
 */
export async function authenticateJocPassword(input: LoginInput, ctx: ServiceContext): Promise<AuthOutcome> {
  if (input.basic === undefined) return { ok: false, code: 'NO_CREDENTIALS', message: 'no account/password given' };
  const { account: name, password } = input.basic;
  if (password === '') return { ok: false, code: 'BAD_CREDENTIALS', message: 'empty password' };
  const account = await findAccount(ctx.store.db, ctx.service.id, name);
  if (account === undefined) {
    // Spend the same time as a real check, so timing does not reveal which accounts exist.
    await burnPasswordCheck(password);
    return { ok: false, code: 'BAD_CREDENTIALS', message: 'unknown account' };
  }
  const check = await verifyPassword(password, account.passwordHash);
  if (!check.ok) return { ok: false, code: 'BAD_CREDENTIALS', message: 'wrong password' };
  if (account.disabled) return { ok: false, code: 'ACCOUNT_DISABLED', message: 'account is disabled' };
  if (check.needsRehash) {
    await updateAccount(ctx.store.db, account.id, { passwordHash: await hashPassword(password) }, ctx.now());
  }
  return { ok: true, account: account.name, forcePasswordChange: account.forcePasswordChange, accountRecord: account };
}

export const jocService = {
  type: 'JOC',
  credential: 'password',
  rolesFromDatabase: true,
  storesPasswords: true,
  accountsInDatabase: true,
  canBeSecondFactor: false,
  canBeRequired: true,
  authenticate: authenticateJocPassword,
} satisfies IdentityServiceType;
