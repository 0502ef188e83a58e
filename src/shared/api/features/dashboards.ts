// Manager dashboards (issue 11): one dealer's account, the whole book, statements.
import { z } from 'zod';
import {
  bookSortColumns,
  riskReasons,
  type BookDealersView,
  type BookView,
  type DealerDashboardView,
  type StatementPdfResult,
  type StatementView,
} from '../../dashboards';
import { procedure } from '../procedure';

const officeDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-04-30.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a real date.');

/** A dealer by platform account id or dealer code. */
const dealer = z.string().trim().min(1, 'Pick a dealer.').max(100);

const statementInput = z.object({ dealer, from: officeDate, to: officeDate });

const group = z.string().trim().min(1).max(100).nullable();

/** The book's dealer list: a page of the dealers behind a figure, in the table's order. */
export const bookDealersInput = z.object({
  filter: z
    .object({
      atRisk: z.boolean().optional(),
      reason: z.enum(riskReasons).optional(),
      region: group.optional(),
      tier: group.optional(),
      overdue: z.enum(['d1To30', 'd31To60', 'd61To90', 'over90', 'over60']).optional(),
      holds: z.enum(['held', 'approved', 'rejected', 'cancelled', 'stillOpen']).optional(),
    })
    .default({}),
  sort: z.object({ column: z.enum(bookSortColumns), direction: z.enum(['asc', 'desc']) }).default({ column: 'risk', direction: 'desc' }),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

/** Managers review dealer accounts (DESIGN.md); the screen is theirs, and so are its figures. */
const managers = ['manager'] as const;

export const dashboardProcedures = {
  /** The book's totals, at-risk counts, breakdowns by region and tier, overdue ageing and the hold funnel. */
  'dashboards.book': procedure<BookView>()({ input: z.object({}), access: managers }),
  /** The book's dealers, at-risk first by default, filtered to the dealers behind a figure, a page at a time. */
  'dashboards.bookDealers': procedure<BookDealersView>()({ input: bookDealersInput, access: managers }),
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
