import { Type } from '@sinclair/typebox';
import { ROLES } from '../../domain/roles.js';
import { component } from '../components.js';
import { pageOf } from '../registry/schemas.js';

const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Password = Type.String({ minLength: 12, maxLength: 1024, description: 'At least 12 characters' });

export const TokenRequestSchema = Type.Object(
  {
    grant_type: Type.Optional(Type.Literal('password')),
    username: Type.String({ minLength: 1 }),
    password: Type.String({ minLength: 1 }),
    scope: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
  },
  { description: 'OAuth2 password grant, application/x-www-form-urlencoded' },
);

export const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer(),
});

export const NewUserSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' }),
    password: Password,
    role: Role,
  },
  { additionalProperties: false },
);

export const UserPatchSchema = Type.Object(
  {
    role: Type.Optional(Role),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional({ ...Password, description: "A new password for the user; their tokens stay valid until they expire" }),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PasswordChangeSchema = Type.Object(
  { current_password: Type.String({ minLength: 1, maxLength: 1024 }), new_password: Password },
  { additionalProperties: false },
);

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  role: Role,
  disabled: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
});

export const NewApiKeySchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), role: Role },
  { additionalProperties: false },
);

export const ApiKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  role: Role,
  created_by: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const CreatedApiKeySchema = Type.Composite([
  ApiKeySchema,
  Type.Object({ key: Type.String({ description: 'The key itself. Shown in this response only.' }) }),
]);

export const WhoAmISchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: Role,
  kind: Type.Union([Type.Literal('user'), Type.Literal('api_key'), Type.Literal('oidc')]),
});

export const TokenRequest = component('TokenRequest', TokenRequestSchema, {
  examples: [{ grant_type: 'password', username: 'admin', password: 'change-me-now' }],
});
export const TokenResponse = component('TokenResponse', TokenResponseSchema);
export const Principal = component('Principal', WhoAmISchema);
export const NewUser = component('NewUser', NewUserSchema, { examples: [{ username: 'ada', password: 'a-long-passphrase', role: 'writer' }] });
export const User = component('User', UserSchema);
export const UserPage = component('UserPage', pageOf(User));
export const UserPatch = component('UserPatch', UserPatchSchema, { examples: [{ role: 'reader', disabled: false }] });
export const PasswordChange = component('PasswordChange', PasswordChangeSchema, {
  examples: [{ current_password: 'change-me-now', new_password: 'a-longer-passphrase' }],
});
export const NewApiKey = component('NewApiKey', NewApiKeySchema, { examples: [{ name: 'ci-uploader', role: 'writer' }] });
export const ApiKey = component('ApiKey', ApiKeySchema);
export const CreatedApiKey = component('CreatedApiKey', CreatedApiKeySchema);
export const ApiKeyPage = component('ApiKeyPage', pageOf(ApiKey));
