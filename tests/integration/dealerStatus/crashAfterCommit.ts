// A desk process that kills itself (SIGKILL, as kill -9 would) at the one moment the old design lost work:
// right after the pull committed the DMS page in which a given platform order's DMS order became
// `dispatched`, before any derivation could run. The pullers run inline and the engine announces every
// committed page through `push` synchronously, in the same run of the event loop as the commit and before
// it schedules the derivation, so the kill lands exactly between the page commit and the derivation.
//   node --import tsx crashAfterCommit.ts <data dir> <platform url> <dms url> <token> <platform order id>
import { createBackend } from '../../../src/main/backend';
import { startSync } from '../../../src/main/sync/engine';

const [dataDir, platformUrl, dmsUrl, token, platformOrderId] = process.argv.slice(2);
if (!dataDir || !platformUrl || !dmsUrl || !token || !platformOrderId) {
  process.stderr.write('usage: crashAfterCommit.ts <data dir> <platform url> <dms url> <token> <platform order id>\n');
  process.exit(2);
}

const backend = await createBackend({ dataDir, log: () => {} });
const dispatched = backend.sqlite.prepare("SELECT 1 FROM dms_orders WHERE platform_order_id = ? AND status = 'dispatched'").pluck();
startSync({
  backend: {
    sqlite: backend.sqlite,
    push(event, payload) {
      if (event !== 'replica.changed') return;
      const { tables } = payload as { tables: string[] };
      if (tables.includes('dms_orders') && dispatched.get(platformOrderId) === 1) {
        // stdout to a pipe is synchronous on Linux: the line is out before the process dies.
        process.stdout.write('{"msg":"killing myself after the page commit"}\n');
        process.kill(process.pid, 'SIGKILL');
      }
    },
  },
  platform: { url: platformUrl, token },
  dms: { url: dmsUrl, token },
  pullInThread: false,
  log: (entry) => process.stderr.write(`${JSON.stringify(entry)}\n`),
  pull: { pollMs: 50 },
  outbox: { watchdogMs: 50, backoff: { baseMs: 50, capMs: 500 } },
  // The inline puller commits a page and reports it in one synchronous run, so no timer can derive in between.
  dutyIntervalMs: 200,
});
process.stdout.write('{"msg":"desk started"}\n');
