// Playwright global setup: the run's scratch TMPDIR (see tests/support/scratchTmp.ts); the returned function
// is the global teardown.
import { useScratchTmp } from '../../support/scratchTmp';

export default function globalSetup(): () => void {
  return useScratchTmp('e2e');
}
