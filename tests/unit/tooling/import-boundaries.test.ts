// Proves each import-boundary rule in eslint.config.js fires on a deliberate violation and stays quiet
// on an allowed import, through the ESLint Node API (lintText with a virtual file path in each layer).
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'eslint.config.js') });
});

/** Boundary messages for `code` placed at `file` (repo-relative; the file need not exist). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  if (!result) throw new Error('ESLint returned no result');
  // A file ESLint ignores would pass silently; make that a failure instead.
  expect(result.messages.filter((m) => m.message.includes('ignored'))).toEqual([]);
  return result.messages.filter((m) => m.ruleId?.startsWith('local/boundary-')).map((m) => m.message);
}

const violations: { layer: string; file: string; code: string; expect: RegExp }[] = [
  {
    layer: 'renderer -> src/main',
    file: 'src/renderer/features/orders/Probe.tsx',
    code: "import { createBackend } from '../../../main/backend';\nexport const x = createBackend;\n",
    expect: /renderer never imports the backend/,
  },
  {
    layer: 'renderer -> src/main (type only)',
    file: 'src/renderer/Probe.ts',
    code: "import type { Backend } from '../main/backend';\nexport type X = Backend;\n",
    expect: /renderer never imports the backend/,
  },
  {
    layer: 'renderer -> node builtin',
    file: 'src/renderer/Probe.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    expect: /no Node built-ins/,
  },
  {
    layer: 'renderer -> bare builtin',
    file: 'src/renderer/Probe.ts',
    code: "import path from 'path';\nexport const x = path;\n",
    expect: /no Node built-ins/,
  },
  {
    layer: 'renderer -> better-sqlite3',
    file: 'src/renderer/Probe.ts',
    code: "import Database from 'better-sqlite3';\nexport const x = Database;\n",
    expect: /never touches the database/,
  },
  {
    layer: 'renderer -> electron',
    file: 'src/renderer/Probe.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    expect: /only the Electron shell/,
  },
  {
    layer: 'renderer -> src/main via dynamic import',
    file: 'src/renderer/Probe.ts',
    code: "export const load = () => import('../main/backend');\n",
    expect: /renderer never imports the backend/,
  },
  {
    layer: 'backend -> electron',
    file: 'src/main/backend.probe.ts',
    code: "import { app } from 'electron';\nexport const x = app;\n",
    expect: /only the Electron shell/,
  },
  {
    layer: 'backend -> electron via require',
    file: 'src/main/db/probe.ts',
    code: "export const electron: unknown = require('electron');\n",
    expect: /only the Electron shell/,
  },
  {
    layer: 'test -> electron',
    file: 'tests/unit/probe.test.ts',
    code: "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n",
    expect: /only the Electron shell/,
  },
  {
    layer: 'sim -> electron-updater',
    file: 'src/sim/probe.ts',
    code: "import updater from 'electron-updater';\nexport const x = updater;\n",
    expect: /drives the updater/,
  },
  {
    layer: 'backend -> react',
    file: 'src/main/probe.ts',
    code: "import { useState } from 'react';\nexport const x = useState;\n",
    expect: /never imports React/,
  },
  {
    layer: 'backend -> renderer',
    file: 'src/main/services/probe.ts',
    code: "export { App } from '../../renderer/app/App';\n",
    expect: /never imports the renderer/,
  },
  {
    layer: 'shared -> src/main',
    file: 'src/shared/probe.ts',
    code: "import { createBackend } from '../main/backend';\nexport const x = createBackend;\n",
    expect: /src\/shared imports neither side/,
  },
  {
    layer: 'shared -> renderer',
    file: 'src/shared/api/probe.ts',
    code: "export * from '../../renderer/api/client';\n",
    expect: /src\/shared imports neither side/,
  },
  {
    layer: 'shared -> node builtin',
    file: 'src/shared/probe.ts',
    code: "import { createHash } from 'node:crypto';\nexport const x = createHash;\n",
    expect: /no Node built-ins/,
  },
  {
    layer: 'shared -> react',
    file: 'src/shared/probe.ts',
    code: "import React from 'react';\nexport const x = React;\n",
    expect: /no React/,
  },
  {
    layer: 'shared -> electron',
    file: 'src/shared/probe.ts',
    code: "import type { IpcRenderer } from 'electron';\nexport type X = IpcRenderer;\n",
    expect: /only the Electron shell/,
  },
  {
    layer: 'preload -> src/main',
    file: 'src/preload/probe.ts',
    code: "import { createBackend } from '../main/backend';\nexport const x = createBackend;\n",
    expect: /preload only bridges IPC/,
  },
];

const allowed: { layer: string; file: string; code: string }[] = [
  {
    layer: 'renderer -> src/shared',
    file: 'src/renderer/Probe.ts',
    code: "import { procedures } from '../shared/api/contract';\nimport { useState } from 'react';\nexport const x = [procedures, useState];\n",
  },
  { layer: 'renderer -> its own main.tsx', file: 'src/renderer/Probe.ts', code: "import { App } from './main';\nexport const x = App;\n" },
  {
    layer: 'shell -> electron',
    file: 'src/main/electron/probe.ts',
    code: "import { app } from 'electron';\nimport updater from 'electron-updater';\nimport { createBackend } from '../backend';\nexport const x = [app, updater, createBackend];\n",
  },
  {
    layer: 'preload -> electron and shared',
    file: 'src/preload/probe.ts',
    code: "import { contextBridge } from 'electron';\nimport type { DeskBridge } from '../shared/api/contract';\nexport const x: [unknown, DeskBridge | null] = [contextBridge, null];\n",
  },
  {
    layer: 'backend -> node, sqlite, shared',
    file: 'src/main/db/probe.ts',
    code: "import { join } from 'node:path';\nimport Database from 'better-sqlite3';\nimport { procedures } from '../../shared/api/contract';\nexport const x = [join, Database, procedures];\n",
  },
  {
    layer: 'shared -> shared, zod, ajv',
    file: 'src/shared/probe.ts',
    code: "import { z } from 'zod';\nimport Ajv from 'ajv';\nimport { roles } from './roles';\nexport const x = [z, Ajv, roles];\n",
  },
  {
    layer: 'test -> backend and renderer',
    file: 'tests/unit/probe.test.ts',
    code: "import { createBackend } from '../../src/main/backend';\nimport { procedures } from '../../src/shared/api/contract';\nexport const x = [createBackend, procedures];\n",
  },
  {
    layer: 'electron-vite config',
    file: 'electron.config.ts',
    code: "import { defineConfig } from 'electron-vite';\nexport default defineConfig({});\n",
  },
];

describe('import boundaries', () => {
  it.each(violations)('fires: $layer', async ({ file, code, expect: pattern }) => {
    const errors = await boundaryErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(pattern);
  });

  it.each(allowed)('stays quiet: $layer', async ({ file, code }) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });

  it('treats generated files as ignored', async () => {
    expect(await eslint.isPathIgnored(path.join(repoRoot, 'src/shared/contracts/platform.gen.ts'))).toBe(true);
    expect(await eslint.isPathIgnored(path.join(repoRoot, 'src/shared/contracts/validate.ts'))).toBe(false);
  });
});
