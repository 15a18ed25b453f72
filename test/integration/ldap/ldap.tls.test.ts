import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { USERS } from '../../support/ldap-directory.js';
import { startSlapd, type Slapd } from '../../support/slapd-fixture.js';
import { createMappedRoles, openLdapSettings, startLdapKit, type LdapKit } from './ldap-kit.js';

/**
 * TLS to the directory (spec §5.6 item 6: JS7 binds before StartTLS and skips hostname checks by default):
 * StartTLS on ldap:// and LDAPS with a test CA, PEM and PKCS12 trust stores, an untrusted certificate, a host name
 * the certificate does not cover, and a server that refuses StartTLS. In every failure no password crosses the wire
 * and the chain moves on to the next service (JOC-INITIAL holds a local `alice` with another password).
 */
let tlsSlapd: Slapd;
let plainSlapd: Slapd;
let kit: LdapKit;
const LOCAL_PASSWORD = 'local-Alice-1';

before(async () => {
  [tlsSlapd, plainSlapd] = await Promise.all([startSlapd({ tls: true }), startSlapd()]);
  kit = await startLdapKit();
  await kit.createService('Directory', 'LDAP', { ordering: 0 });
  await createMappedRoles(kit, 'Directory');
  await kit.createAccount('JOC-INITIAL', 'alice', ['all'], LOCAL_PASSWORD);
});
after(async () => {
  await kit?.stop();
  await Promise.all([tlsSlapd?.stop(), plainSlapd?.stop()]);
});

const pki = (): NonNullable<Slapd['pki']> => {
  if (tlsSlapd.pki === undefined) throw new Error('no test PKI');
  return tlsSlapd.pki;
};
const startTlsUrl = (): string => `ldap://localhost:${tlsSlapd.port}`;

async function configure(slapd: Slapd, expert: Record<string, unknown>): Promise<void> {
  const saved = await kit.saveSettings('Directory', openLdapSettings(slapd, expert));
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
}

/** Per connection in the log slice: whether StartTLS came before the first BIND. */
function bindsWithoutStartTls(log: string): string[] {
  const firstOp = new Map<string, 'starttls' | 'bind'>();
  for (const line of log.split('\n')) {
    const m = /conn=(\d+) op=\d+ (EXT oid=1\.3\.6\.1\.4\.1\.1466\.20037|BIND dn=)/.exec(line);
    if (m?.[1] === undefined || firstOp.has(m[1])) continue;
    firstOp.set(m[1], m[2]?.startsWith('EXT') === true ? 'starttls' : 'bind');
  }
  return [...firstOp.entries()].filter(([, op]) => op === 'bind').map(([conn]) => conn);
}

async function loginThroughDirectory(): Promise<void> {
  const r = await kit.login(USERS.alice.login, USERS.alice.password);
  assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('alice')));
  assert.equal(r.body.identityService, 'LDAP:Directory');
}

async function failsOverToJoc(expected: RegExp): Promise<void> {
  const r = await kit.login('alice', LOCAL_PASSWORD);
  assert.equal(r.status, 200, 'the next optional service must still log alice in');
  assert.equal(r.body.identityService, 'JOC:JOC-INITIAL');
  const detail = (await kit.lastLoginDetails('alice')).find((d) => d.identityServiceName === 'Directory');
  assert.equal(detail?.code, 'SERVICE_UNAVAILABLE', JSON.stringify(detail));
  assert.match(detail?.message ?? '', expected);
}

describe('working TLS', () => {
  it('StartTLS: negotiated on every connection before any bind', async () => {
    await configure(tlsSlapd, { iamLdapServerUrl: startTlsUrl(), iamLdapUseStartTls: true, iamLdapTruststorePath: pki().caFile, iamLdapTruststoreType: 'PEM' });
    const mark = tlsSlapd.log().length;
    await loginThroughDirectory();
    await loginThroughDirectory();
    await sleep(50);
    const log = tlsSlapd.log().slice(mark);
    assert.match(log, /EXT oid=1\.3\.6\.1\.4\.1\.1466\.20037/);
    assert.match(log, /BIND dn="uid=alice/);
    assert.deepEqual(bindsWithoutStartTls(log), [], 'connections that bound before StartTLS');
  });

  it('LDAPS with a PEM trust store', async () => {
    await configure(tlsSlapd, { iamLdapServerUrl: tlsSlapd.ldapsUrl, iamLdapTruststorePath: pki().caFile });
    await loginThroughDirectory();
  });

  it('LDAPS with a password-protected PKCS12 trust store', async () => {
    await configure(tlsSlapd, { iamLdapServerUrl: tlsSlapd.ldapsUrl, iamLdapTruststorePath: pki().caP12File, iamLdapTruststoreType: 'PKCS12', iamLdapTruststorePassword: pki().caP12Password });
    await loginThroughDirectory();
  });

  it('hostname verification can be switched off for a server reached by another name (the chain is still verified)', async () => {
    await configure(tlsSlapd, { iamLdapServerUrl: `ldaps://127.0.0.1:${tlsSlapd.ldapsPort}`, iamLdapTruststorePath: pki().caFile, iamLdapHostNameVerification: false });
    await loginThroughDirectory();
  });
});

describe('refused TLS: the chain moves on, no password is sent', () => {
  it('an LDAPS certificate from an untrusted CA', async () => {
    await configure(tlsSlapd, { iamLdapServerUrl: tlsSlapd.ldapsUrl, iamLdapTruststorePath: pki().otherCaFile });
    await failsOverToJoc(/not trusted/);
  });

  it('an LDAPS certificate checked against the system CAs only', async () => {
    await configure(tlsSlapd, { iamLdapServerUrl: tlsSlapd.ldapsUrl });
    await failsOverToJoc(/not trusted/);
  });

  it('a StartTLS certificate from an untrusted CA: nothing is bound', async () => {
    await configure(tlsSlapd, { iamLdapServerUrl: startTlsUrl(), iamLdapUseStartTls: true, iamLdapTruststorePath: pki().otherCaFile });
    const mark = tlsSlapd.log().length;
    await failsOverToJoc(/not trusted/);
    await sleep(50);
    assert.doesNotMatch(tlsSlapd.log().slice(mark), /BIND dn=/);
  });

  it('a certificate that does not name the host (verification on by default)', async () => {
    await configure(tlsSlapd, { iamLdapServerUrl: `ldaps://127.0.0.1:${tlsSlapd.ldapsPort}`, iamLdapTruststorePath: pki().caFile });
    await failsOverToJoc(/does not name this host/);
  });

  it('a server that refuses StartTLS: no bind in clear instead', async () => {
    await configure(plainSlapd, { iamLdapUseStartTls: true });
    const mark = plainSlapd.log().length;
    await failsOverToJoc(/refused StartTLS/);
    await sleep(50);
    const log = plainSlapd.log().slice(mark);
    assert.match(log, /EXT oid=1\.3\.6\.1\.4\.1\.1466\.20037/, 'StartTLS was asked for');
    assert.doesNotMatch(log, /BIND dn=/, 'and nothing was bound after the refusal');
  });
});
