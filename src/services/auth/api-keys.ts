// API keys are 256 random bits. Stored as SHA-256: with that much entropy a fast hash cannot be brute
// forced, and a slow one (scrypt) would cost ~50 ms on every request the key authenticates.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'rl_';

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
