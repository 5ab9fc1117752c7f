import { Type } from '@sinclair/typebox';
import { MacroImpactModelSchema, MacroPatchSchema, MacroRevisionDiffSchema, MacroRevisionSchema, MacroSchema, NewMacroSchema } from '../../domain/macros.js';
import { component } from '../components.js';
import { pageOf } from '../registry/schemas.js';

// Any name may be asked for: one that no macro could have is simply not found.
export const MacroParams = Type.Object({ macroName: Type.String({ minLength: 1, maxLength: 255 }) });
const Version = Type.Integer({ minimum: 1, maximum: 999999 });
export const MacroDiffQuery = Type.Object({ from_version: Version, to_version: Version });

// The DuckDB Data Platform's names for its shapes.
export const Macro = component('Macro', MacroSchema);
export const PaginatedMacros = component('PaginatedMacros', pageOf(Macro));
export const MacroImpactList = component('MacroImpactList', pageOf(MacroImpactModelSchema));
export const MacroRevisionList = component('MacroRevisionList', Type.Object({ data: Type.Array(MacroRevisionSchema) }));
export const MacroRevisionDiff = component('MacroRevisionDiff', MacroRevisionDiffSchema);
export const CreateMacroRequest = component('CreateMacroRequest', NewMacroSchema, {
  examples: [{ name: 'mm_to_inches', macro_type: 'SCALAR', parameters: ['mm'], body: 'mm / 25.4', description: 'Millimetres to inches' }],
});
export const UpdateMacroRequest = component('UpdateMacroRequest', MacroPatchSchema, {
  examples: [{ body: 'round(mm / 25.4, 2)', status: 'ACTIVE' }],
});
