// Run-time validation of payloads against the vendors' OpenAPI 3.1 schemas (JSON Schema 2020-12).
// Used by the connectors (every incoming record) and by the reference servers' contract tests.
import Ajv2020, { type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import platformDoc from './platform.openapi.gen.json' with { type: 'json' };
import dmsDoc from './dms.openapi.gen.json' with { type: 'json' };

export type ContractName = 'platform' | 'dms';

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema(platformDoc as object, 'platform');
ajv.addSchema(dmsDoc as object, 'dms');

const cache = new Map<string, ValidateFunction>();

/** A validator for `#/components/schemas/<name>` (or any JSON pointer into the document). */
export function schemaValidator(contract: ContractName, pointer: string): ValidateFunction {
  const ref = pointer.startsWith('#') ? `${contract}${pointer}` : `${contract}#/components/schemas/${pointer}`;
  let fn = cache.get(ref);
  if (!fn) {
    const compiled = ajv.getSchema(ref);
    if (!compiled) throw new Error(`No schema at ${ref}`);
    fn = compiled;
    cache.set(ref, fn);
  }
  return fn;
}

export interface ContractIssue {
  path: string;
  message: string;
}

export function describeErrors(errors: ErrorObject[] | null | undefined): ContractIssue[] {
  return (errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? e.keyword }));
}

/** Validates `value` against a named component schema; returns the issues (empty when valid). */
export function checkAgainst(contract: ContractName, schemaName: string, value: unknown): ContractIssue[] {
  const fn = schemaValidator(contract, schemaName);
  return fn(value) ? [] : describeErrors(fn.errors);
}

export const contractDocuments = { platform: platformDoc, dms: dmsDoc } as const;
