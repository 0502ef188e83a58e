// Dealers (issues 7 and 11): the one-box dealer search shared by the phone order desk and the dashboards'
// dealer picker.
//
// `dealers.search` ({ text, limit }) -> { text, rows }: dealers from the replica whose
//   - name (or legal name), code, town ("city, state") or GSTIN contains the text;
//   - contact's name contains the text;
//   - phone, or a contact's phone, matches the digits typed in any format: `+91 98xxx xxxxx`, `098xxxxxxxx`,
//     spaces, dashes, brackets, or only the first or last 4+ digits. Both sides are reduced to national
//     digits (no `+91`/`91` country or `0` trunk prefix) before comparing.
// Every word typed must appear in the same field (case and diacritics ignored). Under 3 characters only
// the start of a field matches (a name, code or town that begins with the text).
// Ranking: an exact match (the whole code, GSTIN, name or phone number) first, then a field or word that
// starts with the text (or a number that starts or ends with the digits), then any other substring; within
// each, active dealers before suspended ones, then by name. Suspended dealers are returned, marked by
// `status`; a screen decides what it allows for them. `matched` says which field matched and its text
// (for a contact: the contact's name and phone).
import { z } from 'zod';
import { procedure } from '../procedure';

export const dealerMatchFields = ['code', 'name', 'phone', 'contact', 'gstin', 'town'] as const;
export type DealerMatchField = (typeof dealerMatchFields)[number];

export interface DealerMatch {
  field: DealerMatchField;
  /** The matched value as stored: the name, code, town, GSTIN, contact's name, or phone number. */
  text: string;
  /** How it matched, the first ranking key. */
  how: 'exact' | 'prefix' | 'contains';
  /** When a contact's name or phone matched: that contact (phone null when the contact has none). */
  contact: { name: string; phone: string | null } | null;
}

/** One dealer as a picker shows it. */
export interface DealerSearchRow {
  id: string;
  code: string;
  name: string;
  /** "City, State", or null when the account has no address. */
  town: string | null;
  region: string;
  tier: string;
  status: 'active' | 'suspended';
  /** GSTIN (the contract's `tax_id`). */
  taxId: string | null;
  phone: string | null;
  matched: DealerMatch;
}

export interface DealerSearchView {
  /** The text this answer is for (the UI drops answers for text it no longer shows). */
  text: string;
  rows: DealerSearchRow[];
}

export const dealerSearchInput = z.object({
  text: z.string().max(200, 'Type at most 200 characters.'),
  limit: z.number().int().min(1).max(50).default(20),
});

export const dealerProcedures = {
  'dealers.search': procedure<DealerSearchView>()({ input: dealerSearchInput, access: 'signed_in' }),
} as const;
