// Parses the `npm run sim` command line (see src/sim/README.md).
import type { SimScale } from './index';

export interface CliOptions {
  seed: number;
  scale: SimScale;
  platformPort: number;
  dmsPort: number;
  /** How busy the live activity is (1 = the demo's default; 0 = none). The clock is always the wall clock. */
  activityRate: number;
  dataDir?: string;
  token?: string;
}

export function parseSimArgs(argv: string[]): CliOptions {
  const out: CliOptions = { seed: 1, scale: 'demo', platformPort: 4010, dmsPort: 4020, activityRate: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = (): string => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    const num = (min: number): number => {
      const v = Number(need());
      if (!Number.isFinite(v) || v < min) throw new Error(`${flag} must be a number >= ${min}`);
      return v;
    };
    switch (flag) {
      case '--seed':
        out.seed = Math.trunc(num(0));
        break;
      case '--scale': {
        const v = need();
        if (v !== 'demo' && v !== 'bench' && v !== 'test') throw new Error('--scale must be demo, bench or test');
        out.scale = v;
        break;
      }
      case '--platform-port':
        out.platformPort = Math.trunc(num(0));
        break;
      case '--dms-port':
        out.dmsPort = Math.trunc(num(0));
        break;
      // --speed is the older name, kept for scripts (`--speed 0`: no activity); it never speeds up the clock.
      case '--activity':
      case '--speed':
        out.activityRate = num(0);
        break;
      case '--data-dir':
        out.dataDir = need();
        break;
      case '--token':
        out.token = need();
        break;
      default:
        throw new Error(`unknown option ${flag ?? ''}`);
    }
  }
  return out;
}
