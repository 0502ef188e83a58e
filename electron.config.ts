// electron-vite build of the three Electron bundles: main (the shell plus the backend it hosts),
// the sandboxed preload, and the React renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Dependencies stay in node_modules (packed into app.asar by electron-builder); better-sqlite3 is
      // listed explicitly because its native .node file can never be bundled.
      externalizeDeps: { include: ['better-sqlite3'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/electron/main.ts'),
          // The sync engine runs its pullers in a worker thread and looks for ./pullThread.js beside the
          // module that starts it (here out/main/index.js), so the thread entry is built next to it.
          pullThread: resolve(root, 'src/main/sync/pullThread.ts'),
          // Demo mode's reference servers run in a thread too (src/main/demo/servers.ts looks beside itself).
          demoServersThread: resolve(root, 'src/main/demo/demoServersThread.ts'),
        },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // A sandboxed renderer cannot load an ESM preload, and the package is "type": "module",
        // so the preload is emitted as CommonJS with an explicit .cjs extension.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // The CSP forbids inline scripts; keep every asset a file, as the web host build does.
      assetsInlineLimit: 0,
      rolldownOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  },
});
