// Builds the three Electron bundles with the real electron.config.ts (no Electron binary needed) and
// checks what a sandboxed, packaged app depends on: a CommonJS preload, an ESM main that leaves
// better-sqlite3 external, and a renderer without inline scripts. Also checks electron-builder.yml.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const out = (file: string) => path.join(repoRoot, 'out', file);

describe('electron-vite build', () => {
  beforeAll(async () => {
    // Start from nothing so stale output can never pass for a working build.
    rmSync(path.join(repoRoot, 'out'), { recursive: true, force: true });
    await promisify(execFile)(
      path.join(repoRoot, 'node_modules/.bin/electron-vite'),
      ['build', '-c', 'electron.config.ts', '--logLevel', 'error'],
      {
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  }, 180_000);

  it('emits the preload as CommonJS that only requires electron', () => {
    const preload = readFileSync(out('preload/index.cjs'), 'utf8');
    expect(preload).toMatch(/require\("electron"\)/);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld("dealerDesk"');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('emits main at package.json "main", with better-sqlite3 left external', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    const main = readFileSync(out('main/index.js'), 'utf8');
    expect(main).toMatch(/from "better-sqlite3"/);
    expect(main).not.toContain('function Database(');
    expect(main).toContain('preload/index.cjs');
  });

  it('emits the worker-thread entries (sync pullers, demo servers) beside main, where their starters look', () => {
    const engine = readFileSync(path.join(repoRoot, 'src/main/sync/engine.ts'), 'utf8');
    expect(engine).toContain("findThreadEntry('pullThread', import.meta.url)");
    const demo = readFileSync(path.join(repoRoot, 'src/main/demo/servers.ts'), 'utf8');
    expect(demo).toContain("findThreadEntry('demoServersThread', import.meta.url)");
    // Both starters are bundled into main, so "beside this module" is out/main.
    const main = readFileSync(out('main/index.js'), 'utf8');
    expect(main).toMatch(/findThreadEntry\("pullThread", import\.meta\.url\)/);
    expect(main).toMatch(/findThreadEntry\("demoServersThread", import\.meta\.url\)/);
    for (const name of ['pullThread', 'demoServersThread']) {
      expect(readFileSync(out(`main/${name}.js`), 'utf8')).toMatch(/from "node:worker_threads"/);
    }
  });

  it('leaves main importing only electron, Node built-ins and runtime dependencies (what app.asar holds)', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // Follow main, the pull thread and every chunk they import (the demo servers are a lazy chunk).
    const seen = new Set<string>();
    const bare: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/^import\s[^;]*?from\s"([^"]+)"|import\("([^"]+)"\)|^import\s"([^"]+)"/gm)) {
        const specifier = match[1] ?? match[2] ?? match[3] ?? '';
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier);
          expect(existsSync(target), `${file} imports ${specifier}, which the build did not emit`).toBe(true);
          visit(target);
        } else bare.push(specifier);
      }
    };
    visit(out('main/index.js'));
    visit(out('main/pullThread.js'));
    visit(out('main/demoServersThread.js'));
    expect(bare.length).toBeGreaterThan(0);
    expect([...seen].some((file) => file.includes(`${path.sep}chunks${path.sep}`))).toBe(true);
    for (const specifier of bare) {
      if (specifier === 'electron' || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '');
      expect(Object.keys(pkg.dependencies), `${specifier} must be a runtime dependency`).toContain(name);
    }
  });

  it('emits the renderer with no inline scripts (the CSP forbids them)', () => {
    const html = readFileSync(out('renderer/index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\.\/assets\//);
      expect(body?.trim()).toBe('');
    }
  });
});

describe('electron-builder.yml', () => {
  const config = parse(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    win: { target: { target: string }[] };
    mac: { target: { target: string }[] };
    linux: { target: string[] };
    publish: { provider: string; url: string };
    asarUnpack: string[];
    files: string[];
  };

  it('targets nsis, dmg, AppImage and deb', () => {
    expect(config.productName).toBe('Dealer Desk');
    expect(typeof config.appId).toBe('string');
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('packs the build output, unpacks the native module and publishes to a generic feed', () => {
    expect(config.files).toContain('out/**');
    expect(config.files).toContain('drizzle/**');
    expect(config.asarUnpack.some((pattern) => pattern.includes('better-sqlite3') && pattern.endsWith('.node'))).toBe(true);
    expect(config.publish.provider).toBe('generic');
    expect(config.publish.url).toMatch(/^https:\/\//);
    expect(existsSync(path.join(repoRoot, 'resources/icon.png'))).toBe(true);
  });
});
