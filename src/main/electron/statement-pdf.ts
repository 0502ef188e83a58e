// Statement PDFs in the desktop shell (issue 11): the handler of `dashboards.saveStatementPdf` that the
// Electron shell registers over the default one (which tells the page to use the browser's print). The
// statement on screen is printed to PDF by the shell (webContents.printToPDF; the page's print CSS shows only
// the statement) and saved in the user's Downloads folder under a name that says what it is. Everything but
// the print itself is here, in plain Node, so it is tested without Electron; main.ts passes the printer.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiFailure } from '../../shared/api/errors';
import type { HandlerFactory } from '../api/types';
import { readStatement } from '../features/dashboards/queries';

/** The subset of Electron's printToPDF options the statement uses. */
export interface StatementPrintOptions {
  pageSize: 'A4';
  landscape: boolean;
  printBackground: boolean;
  margins: { top: number; bottom: number; left: number; right: number };
  generateTaggedPDF: boolean;
}

export const statementPrintOptions: StatementPrintOptions = {
  pageSize: 'A4',
  landscape: false,
  // Dark theme or not, a statement prints black on white (print CSS); backgrounds would only waste toner.
  printBackground: false,
  margins: { top: 0.6, bottom: 0.6, left: 0.5, right: 0.5 },
  // Tagged PDF: screen readers and archives can read the statement's table.
  generateTaggedPDF: true,
};

/** "Statement DLR-KA-00012 2026-04-01 to 2026-06-30.pdf", safe on every file system. */
export function statementPdfFileName(dealerCode: string, from: string, to: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '') || 'dealer';
  return `Statement ${safe(dealerCode)} ${safe(from)} to ${safe(to)}.pdf`;
}

/** `name` in `dir`, or "name (2).pdf", "name (3).pdf"... when taken: a saved statement is never overwritten. */
export function uniquePath(dir: string, name: string, exists: (path: string) => boolean = existsSync): string {
  const stem = name.replace(/\.pdf$/i, '');
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem} (${n}).pdf`);
    if (!exists(candidate)) return candidate;
  }
}

export interface StatementPdfDeps {
  /** Prints the desk window (showing the statement) to PDF: Electron's webContents.printToPDF. */
  printToPdf(options: StatementPrintOptions): Promise<Uint8Array>;
  /** Where statements are saved (the user's Downloads folder). */
  downloadsDir(): string;
  exists?: (path: string) => boolean;
  write?: (path: string, data: Uint8Array) => Promise<void>;
}

export function statementPdfHandlers(deps: StatementPdfDeps): HandlerFactory {
  return (services) => ({
    'dashboards.saveStatementPdf': async ({ dealer, from, to }, ctx) => {
      // The same checks as the statement itself (dealer known, period sane), before anything is printed.
      const statement = readStatement(services.sqlite, dealer, from, to, services.now());
      const path = uniquePath(deps.downloadsDir(), statementPdfFileName(statement.dealer.dealerCode, from, to), deps.exists);
      let pdf: Uint8Array;
      try {
        pdf = await deps.printToPdf(statementPrintOptions);
      } catch (error) {
        services.log('error', 'statement printToPDF failed', error);
        throw new ApiFailure('unavailable', 'The statement could not be printed to PDF. Try again, or use Print and choose a PDF printer.');
      }
      try {
        await (deps.write ?? writeFile)(path, pdf);
      } catch (error) {
        services.log('error', 'statement PDF not written', error);
        throw new ApiFailure(
          'unavailable',
          `The PDF could not be saved in ${deps.downloadsDir()}: check that the folder exists and has space.`,
        );
      }
      services.audit.append({
        actor: ctx.actor,
        action: 'dashboards.statement_pdf',
        subject: `dealer:${statement.dealer.dealerCode}`,
        detail: { from, to, path, bytes: pdf.byteLength, closingBalance: statement.closingBalance },
      });
      return { kind: 'saved', path };
    },
  });
}
