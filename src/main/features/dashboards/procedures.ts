// Manager dashboard procedures (issue 11): reads over the replica and its aggregates (queries.ts), with the
// data's clock (services.now()) as "now". Statement PDFs are the Electron shell's (src/main/electron); here
// the browser prints.
import type { HandlerFactory } from '../../api/types';
import { readBook, readBookDealers, readDealerDashboard, readStatement } from './queries';

export const dashboardsHandlers: HandlerFactory = (services) => ({
  'dashboards.book': () => readBook(services.sqlite, services.now()),
  'dashboards.bookDealers': (input) => readBookDealers(services.sqlite, input, services.now()),
  'dashboards.dealer': ({ dealer }) => readDealerDashboard(services.sqlite, dealer, services.now()),
  'dashboards.statement': ({ dealer, from, to }) => readStatement(services.sqlite, dealer, from, to, services.now()),
  'dashboards.saveStatementPdf': () => ({
    kind: 'browser-print',
    message: 'This window prints through the browser: choose “Save as PDF” as the printer.',
  }),
});
