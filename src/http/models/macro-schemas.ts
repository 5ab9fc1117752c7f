import { Type } from '@sinclair/typebox';
import { MacroImpactModelSchema, MacroRevisionSchema, MacroSchema } from '../../domain/macros.js';
import { pageOf } from '../registry/schemas.js';

// Any name may be asked for: one that no macro could have is simply not found.
export const MacroParams = Type.Object({ macroName: Type.String({ minLength: 1, maxLength: 255 }) });
const Version = Type.Integer({ minimum: 1, maximum: 999999 });
export const MacroDiffQuery = Type.Object({ from_version: Version, to_version: Version });
export const PaginatedMacrosSchema = pageOf(MacroSchema);
export const MacroImpactListSchema = pageOf(MacroImpactModelSchema);
export const MacroRevisionListSchema = Type.Object({ data: Type.Array(MacroRevisionSchema) });
