// vitest global setup: the run's scratch TMPDIR (see scratchTmp.ts).
import { useScratchTmp } from './scratchTmp';

export default function setup(): () => void {
  return useScratchTmp('vitest');
}
