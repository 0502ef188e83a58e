// Reference servers in a separate process, so the event loop measured in the test is the desk's alone.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

export interface SimProcess {
  platform: string;
  dms: string;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function spawnSim(args: string[]): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', '--platform-port', '0', '--dms-port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) {
        child.stdout?.off('data', onData);
        resolve(buf.slice(0, i));
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`sim exited ${code}: ${err}`)));
  });
  const info = JSON.parse(first) as { platform: string; dms: string; token: string };
  return {
    ...info,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
