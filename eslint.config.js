// ESLint flat config: correctness rules only (formatting is Prettier's job) plus the import boundaries
// between layers (DEVELOPERS.md "Layout"), enforced by a small local rule that resolves relative imports.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));

/** Node's built-in modules, with and without the node: prefix. */
const nodeBuiltins = 'node-builtins';

/**
 * The import-boundary rule (registered as local/boundary-<layer>): forbids imports that cross a layer boundary.
 * Options: { paths: [{ path: 'src/main', message }], modules: [{ name: 'electron' | 'node-builtins', message }] }.
 * `paths` are repo-relative folders matched against the resolved target of a relative import; `modules`
 * match a bare specifier exactly or as a prefix followed by '/'. Type-only imports count too: a type
 * from the other side is still a dependency on it.
 */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports across the layers of DEVELOPERS.md' },
    schema: [
      {
        type: 'object',
        properties: {
          paths: {
            type: 'array',
            items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] },
          },
          modules: {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' }, message: { type: 'string' } }, required: ['name', 'message'] },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: { forbidden: "'{{specifier}}': {{message}}" },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const forbiddenPaths = options.paths ?? [];
    const forbiddenModules = options.modules ?? [];
    const fileDir = path.dirname(context.filename);

    function violation(specifier) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = path.relative(repoRoot, path.resolve(fileDir, specifier)).split(path.sep).join('/');
        return forbiddenPaths.find((rule) => target === rule.path || target.startsWith(`${rule.path}/`));
      }
      return forbiddenModules.find((rule) => {
        if (rule.name === nodeBuiltins) {
          return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
        }
        return specifier === rule.name || specifier.startsWith(`${rule.name}/`);
      });
    }

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const rule = violation(source.value);
      if (rule) context.report({ node, messageId: 'forbidden', data: { specifier: source.value, message: rule.message } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
      TSExternalModuleReference: (node) => check(node, node.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};

const electronOnlyInShell = {
  name: 'electron',
  message:
    "only the Electron shell (src/main/electron, src/preload) may import 'electron'; keep the decision in a plain module and test it in Node.",
};
const updaterOnlyInShell = { name: 'electron-updater', message: 'only the Electron shell (src/main/electron) drives the updater.' };
const shellGlobs = ['src/main/electron/**', 'src/preload/**'];

/**
 * Per-folder boundaries. Each entry becomes its own rule id (local/boundary-<name>) because flat config
 * lets the last block win for a given rule id, and a file can sit in several layers' scopes.
 */
const boundarySpecs = [
  {
    name: 'electron-only-in-shell',
    // Nothing outside the shell touches Electron: tests, scripts and the backend run in plain Node.
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: shellGlobs,
    modules: [electronOnlyInShell, updaterOnlyInShell],
    paths: [],
  },
  {
    name: 'renderer',
    files: ['src/renderer/**'],
    modules: [
      electronOnlyInShell,
      updaterOnlyInShell,
      { name: nodeBuiltins, message: 'the renderer is a web page: no Node built-ins.' },
      { name: 'better-sqlite3', message: 'the renderer never touches the database; call a procedure.' },
      { name: 'drizzle-orm', message: 'the renderer never touches the database; call a procedure.' },
      { name: 'ws', message: 'the renderer uses the browser WebSocket through its transport.' },
    ],
    paths: [
      { path: 'src/main', message: 'the renderer never imports the backend; use the API contract in src/shared.' },
      { path: 'src/sim', message: 'the renderer never imports the reference servers.' },
    ],
  },
  {
    name: 'shared',
    files: ['src/shared/**'],
    modules: [
      electronOnlyInShell,
      { name: nodeBuiltins, message: 'src/shared runs in the renderer too: no Node built-ins.' },
      { name: 'react', message: 'src/shared is imported by the backend: no React.' },
      { name: 'react-dom', message: 'src/shared is imported by the backend: no React.' },
      { name: '@mantine', message: 'src/shared is imported by the backend: no UI libraries.' },
      { name: 'better-sqlite3', message: 'src/shared runs in the renderer too: no database.' },
      { name: 'drizzle-orm', message: 'src/shared runs in the renderer too: no database.' },
    ],
    paths: [
      { path: 'src/main', message: 'src/shared imports neither side.' },
      { path: 'src/renderer', message: 'src/shared imports neither side.' },
      { path: 'src/preload', message: 'src/shared imports neither side.' },
      { path: 'src/sim', message: 'src/shared imports neither side.' },
    ],
  },
  {
    name: 'backend',
    files: ['src/main/**', 'src/sim/**'],
    modules: [
      { name: 'react', message: 'the backend never imports React.' },
      { name: 'react-dom', message: 'the backend never imports React.' },
      { name: '@mantine', message: 'the backend never imports UI libraries.' },
    ],
    paths: [{ path: 'src/renderer', message: 'the backend never imports the renderer; share types through src/shared.' }],
  },
  {
    name: 'preload',
    files: ['src/preload/**'],
    modules: [],
    paths: [
      { path: 'src/main', message: 'the preload only bridges IPC; it imports src/shared types, not the backend.' },
      { path: 'src/renderer', message: 'the preload never imports the renderer.' },
    ],
  },
];

const local = { rules: Object.fromEntries(boundarySpecs.map(({ name }) => [`boundary-${name}`, importBoundaries])) };

const boundaries = boundarySpecs.map(({ name, files, ignores, modules, paths }) => ({
  files,
  ...(ignores ? { ignores } : {}),
  plugins: { local },
  rules: { [`local/boundary-${name}`]: ['error', { modules, paths }] },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'dist-web/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      '.data/**',
      'tmp/**',
      '**/*.gen.ts',
      '**/*.gen.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Playwright fixtures take `async ({}, use) => ...`: an empty pattern as a parameter is its idiom.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Contract types are grouped as `Platform.Order`, `Dms.Account`: type-only namespaces are wanted.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true, allowDefinitionFiles: true }],
    },
  },
  {
    files: ['src/shared/contracts/index.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...boundaries,
);
