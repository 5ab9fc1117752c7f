import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../context.js';
import { API_KEY_CACHE_MS, forgetApiKeys, rememberApiKey, rememberedApiKey } from './api-key-cache.js';

const principal: Principal = { id: 'k1', username: 'api-key:ci', role: 'writer', kind: 'api_key' };

describe('API key cache', () => {
  it('trusts an entry for API_KEY_CACHE_MS at most', () => {
    const store = {};
    rememberApiKey(store, 'h', principal, 1_000);
    assert.deepEqual(rememberedApiKey(store, 'h', 1_000 + API_KEY_CACHE_MS - 1), principal);
    assert.equal(rememberedApiKey(store, 'h', 1_000 + API_KEY_CACHE_MS), undefined);
    assert.equal(rememberedApiKey(store, 'h', 1_000), undefined, 'an expired entry is dropped');
  });

  it('keeps stores apart, and forgets a store at once', () => {
    const [a, b] = [{}, {}];
    rememberApiKey(a, 'h', principal, 0);
    assert.equal(rememberedApiKey(b, 'h', 0), undefined);
    forgetApiKeys(a);
    assert.equal(rememberedApiKey(a, 'h', 0), undefined);
  });
});
