// How a procedure of the UI/backend contract is declared: its zod input, who may call it, and (as a
// phantom type) its output. Kept apart from contract.ts so each feature's file can declare its own.
import type { z } from 'zod';
import type { Role } from '../roles';

/** 'public': anyone (setup/sign-in); 'signed_in': any staff member; otherwise the roles allowed. */
export type Access = 'public' | 'signed_in' | readonly Role[];

export interface ProcedureDef<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Phantom: the output type. */
  output?: O;
}

export function procedure<O>() {
  return <I extends z.ZodType>(def: { input: I; access: Access }): ProcedureDef<I, O> => def;
}
