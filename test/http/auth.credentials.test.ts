import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { qualifiedName } from '../../src/prov/document.js';
import { recordQualifiedName } from '../../src/prov/model-run-prov.js';
import { buildProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function login(username: string, password: string) {
  return server.requestAs('anonymous', 'POST', '/token', form({ grant_type: 'password', username, password }), FORM);
}

async function storedSigningKey(): Promise<Uint8Array> {
  const row = await server.ctx.db.selectFrom('settings').select('value').where('key', '=', 'jwt_hs256_key').executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

describe('tokens and API keys', () => {
  it('issues an OAuth2 bearer token for a password and refuses a wrong one', async () => {
    const ok = await login('admin', server.adminPassword);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.token_type, 'bearer');
    assert.equal(ok.body.expires_in, server.config.tokenTtlSeconds);
    const me = await server.request('GET', '/me', undefined, bearer(ok.body.access_token));
    assert.deepEqual([me.body.username, me.body.role], ['admin', 'admin']);

    const wrong = await login('admin', 'not-the-password');
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('www-authenticate') ?? '', /Bearer/);
    const nobody = await login('nobody', 'whatever-password');
    assert.equal(nobody.status, 401);
    assert.equal(nobody.body.detail, wrong.body.detail, 'unknown user and wrong password look alike');
  });

  it('refuses an expired token and one signed with another key', async () => {
    const me = (await server.request('GET', '/me')).body;
    const claims = { username: 'admin', role: 'admin' };
    const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(me.id).setIssuer('runledger')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(await storedSigningKey());
    const res = await server.request('GET', '/registry/persons', undefined, bearer(expired));
    assert.equal(res.status, 401);
    assert.match(res.body.detail, /exp/);

    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(me.id).setIssuer('runledger')
      .setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('another-key-another-key-another-key'));
    assert.equal((await server.request('GET', '/registry/persons', undefined, bearer(forged))).status, 401);
    assert.equal((await server.request('GET', '/registry/persons', undefined, bearer('garbage'))).status, 401);
  });

  it('accepts API keys in both headers, and refuses them once revoked', async () => {
    const created = await server.request('POST', '/api-keys', { name: 'ci', role: 'writer' });
    assert.equal(created.status, 201);
    const { id, key } = created.body;
    assert.equal((await server.request('GET', '/registry/persons', undefined, bearer(key))).status, 200);
    assert.equal((await server.request('GET', '/registry/persons', undefined, { 'x-api-key': key })).status, 200);
    const listed = await server.request('GET', '/api-keys');
    assert.ok(listed.body.data.some((k: { id: string }) => k.id === id));
    assert.doesNotMatch(JSON.stringify(listed.body), new RegExp(key), 'the key is never listed');

    assert.equal((await server.request('DELETE', `/api-keys/${id}`)).status, 204);
    const revoked = await server.request('GET', '/registry/persons', undefined, { 'x-api-key': key });
    assert.equal(revoked.status, 401);
    assert.match(revoked.body.detail, /revoked/);
  });

  it('shuts out a disabled user, even with a token issued before', async () => {
    const user = await server.request('POST', '/users', { username: 'alice', password: 'correct horse battery', role: 'writer' });
    assert.equal(user.status, 201);
    assert.deepEqual([user.body.username, user.body.role, user.body.disabled], ['alice', 'writer', false]);
    assert.equal((await server.request('POST', '/users', { username: 'alice', password: 'another password', role: 'reader' })).status, 409);
    const token = (await login('alice', 'correct horse battery')).body.access_token;
    assert.equal((await server.request('GET', '/me', undefined, bearer(token))).status, 200);

    const patched = await server.request('PATCH', `/users/${user.body.id}`, { disabled: true });
    assert.equal(patched.body.disabled, true);
    assert.equal((await server.request('GET', '/me', undefined, bearer(token))).status, 401);
    assert.equal((await login('alice', 'correct horse battery')).status, 401);
  });

  it('applies a role change at once and keeps one enabled admin', async () => {
    const user = (await server.request('POST', '/users', { username: 'bob', password: 'correct horse battery', role: 'writer' })).body;
    const token = (await login('bob', 'correct horse battery')).body.access_token;
    await server.request('PATCH', `/users/${user.id}`, { role: 'reader' });
    const write = await server.request('POST', '/registry/organisations', { display_name: 'o', name: 'o' }, bearer(token));
    assert.equal(write.status, 403);

    const admin = (await server.request('GET', '/me')).body;
    const demote = await server.request('PATCH', `/users/${admin.id}`, { role: 'writer' });
    assert.equal(demote.status, 409);
    assert.match(demote.body.detail, /no enabled admin/);
  });

  it('records who created items and names the lodging user in the PROV document', async () => {
    const world = await buildProvenaWorld(server);
    const writerId = (await server.requestAs('writer', 'GET', '/me')).body.id;
    const org = await server.requestAs('writer', 'POST', '/registry/organisations', { display_name: 'By writer', name: 'w' });
    assert.equal(org.body.created_by, writerId);
    const lodged = await server.requestAs('writer', 'POST', '/model_run/register_complete', world.record());
    assert.equal(lodged.status, 200);
    const prov = JSON.parse(lodged.body.record_info.prov_json);
    assert.equal(prov.agent[qualifiedName(writerId)]['prov:label'], 'api-key:test writer');
    // As in Provena, the lodger is no part of the run's graph: the stored record is attributed to them.
    const attributions = Object.values<Record<string, string>>(prov.wasAttributedTo);
    assert.ok(attributions.some((a) => a['prov:entity'] === recordQualifiedName(lodged.body.record_info.id) && a['prov:agent'] === qualifiedName(writerId)));
    const associations = Object.values<Record<string, string>>(prov.wasAssociatedWith);
    assert.ok(!associations.some((a) => a['prov:agent'] === qualifiedName(writerId)));
  });
});

describe('an external OIDC issuer', () => {
  let issuer: Server;
  let issuerUrl: string;
  let oidcServer: TestServer;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;

  before(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    issuer = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/realms/test/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: issuerUrl, jwks_uri: `${issuerUrl}/certs` }));
      else if (req.url === '/realms/test/certs') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}/realms/test`;
    oidcServer = await startTestServer({ env: { OIDC_ISSUER: issuerUrl, OIDC_AUDIENCE: 'runledger' } });
  });
  after(async () => {
    await oidcServer.close();
    issuer.close();
  });

  const token = (roles: string[], key = keys.privateKey, aud = 'runledger') =>
    new SignJWT({ realm_access: { roles }, preferred_username: 'kc-user' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuerUrl).setAudience(aud).setSubject('kc-subject')
      .setIssuedAt().setExpirationTime('5m').sign(key);

  it('accepts its RS256 tokens and maps realm roles', async () => {
    const write = await oidcServer.request('POST', '/registry/organisations', { display_name: 'via oidc', name: 'x' }, bearer(await token(['entity-registry-write'])));
    assert.equal(write.status, 201, JSON.stringify(write.body));
    const me = await oidcServer.request('GET', '/me', undefined, bearer(await token(['entity-registry-read'])));
    assert.deepEqual([me.body.username, me.body.role, me.body.kind], ['kc-user', 'reader', 'oidc']);
    const readerWrites = await oidcServer.request('POST', '/registry/organisations', { display_name: 'no', name: 'x' }, bearer(await token(['entity-registry-read'])));
    assert.equal(readerWrites.status, 403);
  });

  it('refuses tokens with another key, audience or no role', async () => {
    const other = await generateKeyPair('RS256');
    assert.equal((await oidcServer.request('GET', '/me', undefined, bearer(await token(['reader'], other.privateKey)))).status, 401);
    assert.equal((await oidcServer.request('GET', '/me', undefined, bearer(await token(['reader'], keys.privateKey, 'someone-else')))).status, 401);
    assert.equal((await oidcServer.request('GET', '/me', undefined, bearer(await token(['unrelated'])))).status, 403);
  });
});
