import { Type } from '@sinclair/typebox';
import { MacroSchema } from '../../domain/macros.js';

// Any name may be asked for: one that no macro could have is simply not found.
export const MacroParams = Type.Object({ macroName: Type.String({ minLength: 1, maxLength: 255 }) });
const Version = Type.Integer({ minimum: 1, maximum: 999999 });
export const MacroDiffQuery = Type.Object({ from_version: Version, to_version: Version });
export const PaginatedMacrosSchema = Type.Object({ data: Type.Array(MacroSchema), next_page_token: Type.Optional(Type.String()) });
