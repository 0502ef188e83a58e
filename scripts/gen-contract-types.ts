// Generates TypeScript types and JSON schemas from the vendors' OpenAPI files in contracts/.
// The generated files are committed; a test checks they match a fresh generation.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const contractFiles = {
  platform: 'dealer-platform.openapi.yaml',
  dms: 'dms.openapi.yaml',
} as const;

export async function generateContractArtifacts(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, file] of Object.entries(contractFiles)) {
    const yamlText = readFileSync(join(root, 'contracts', file), 'utf8');
    const ast = await openapiTS(yamlText);
    out[`src/shared/contracts/${name}.gen.ts`] =
      `// GENERATED from contracts/${file} by scripts/gen-contract-types.ts. Do not edit.\n/* eslint-disable */\n` +
      astToString(ast);
    const doc = parse(yamlText) as unknown;
    out[`src/shared/contracts/${name}.openapi.gen.json`] = JSON.stringify(doc, null, 2) + '\n';
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const artifacts = await generateContractArtifacts();
  for (const [path, text] of Object.entries(artifacts)) writeFileSync(join(root, path), text);
  console.log(`generated ${Object.keys(artifacts).length} files`);
}
