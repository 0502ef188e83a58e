// Manager dashboards (issue 11): one dealer's account, the whole book, statements.
import { z } from 'zod';
import type { BookView, DealerDashboardView, StatementPdfResult, StatementView } from '../../dashboards';
import { procedure } from '../procedure';

const officeDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-04-30.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a real date.');

/** A dealer by platform account id or dealer code. */
const dealer = z.string().trim().min(1, 'Pick a dealer.').max(100);

const statementInput = z.object({ dealer, from: officeDate, to: officeDate });

/** Managers review dealer accounts (DESIGN.md); the screen is theirs, and so are its figures. */
const managers = ['manager'] as const;

export const dashboardProcedures = {
  /** Every dealer's headline figures, at-risk first, with breakdowns by region and tier and the hold funnel. */
  'dashboards.book': procedure<BookView>()({ input: z.object({}), access: managers }),
  /** One dealer's dashboard: the same figures, its charts, holds, top SKUs and percentiles. */
  'dashboards.dealer': procedure<DealerDashboardView>()({ input: z.object({ dealer }), access: managers }),
  /** The account statement of a period: opening balance, invoices, payments, returns, closing balance. */
  'dashboards.statement': procedure<StatementView>()({ input: statementInput, access: managers }),
  /**
   * Saves the statement on screen as a PDF. The Electron shell registers the real handler (printToPDF); every
   * other host answers `browser-print`, and the page uses the browser's print instead.
   */
  'dashboards.saveStatementPdf': procedure<StatementPdfResult>()({ input: statementInput, access: managers }),
} as const;
