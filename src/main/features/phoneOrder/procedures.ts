// Phone order desk procedures (issue 7): reads from the replica (dealer card, SKU search, preview, reorder)
// and the clerk's commands (drafts, submit, fixes), each written with its audit entry in one transaction.
import type { BackendServices, HandlerFactory, Handlers } from '../../api/types';
import { kickSync, signedIn } from '../support';
import { dealerCard, reorderLines } from './dealerCard';
import { PRICE_OVERRIDE_SETTING, PhoneOrderDesk } from './drafts';
import { computePreview } from './preview';
import { searchSkus } from './skuSearch';

type PhoneOrderHandlers = Pick<
  Handlers,
  | 'phoneOrder.dealer'
  | 'phoneOrder.skuSearch'
  | 'phoneOrder.preview'
  | 'phoneOrder.reorderLines'
  | 'phoneOrder.drafts'
  | 'phoneOrder.draft.create'
  | 'phoneOrder.draft.save'
  | 'phoneOrder.draft.discard'
  | 'phoneOrder.submit'
  | 'phoneOrder.mine'
  | 'phoneOrder.acceptPlatformPrices'
  | 'phoneOrder.reopen'
  | 'phoneOrder.settings'
  | 'phoneOrder.settings.set'
>;

export const phoneOrderHandlers: HandlerFactory = (services: BackendServices): PhoneOrderHandlers => {
  const { sqlite } = services;
  const desk = new PhoneOrderDesk(services);
  // Open screens (this clerk's list, other windows) re-read; the engine sends what was queued.
  const changed = (sent: boolean) => {
    services.push('replica.changed', { tables: ['phone_order_drafts'] });
    if (sent) kickSync(services);
  };
  return {
    'phoneOrder.dealer': ({ accountId }) => dealerCard(sqlite, accountId),
    'phoneOrder.skuSearch': (input) => searchSkus(sqlite, input, services.now()),
    'phoneOrder.preview': (input) =>
      computePreview(
        sqlite,
        { accountId: input.accountId, lines: input.lines, ...(input.draftId ? { draftId: input.draftId } : {}) },
        services.now(),
      ),
    'phoneOrder.reorderLines': ({ orderId }) => reorderLines(sqlite, orderId),

    'phoneOrder.drafts': (_input, ctx) => desk.drafts(signedIn(ctx)),
    'phoneOrder.draft.create': ({ accountId }, ctx) => {
      const draft = desk.createDraft(signedIn(ctx), accountId);
      changed(false);
      return draft;
    },
    'phoneOrder.draft.save': ({ draftId, revision, ...content }, ctx) => desk.saveDraft(signedIn(ctx), draftId, revision, content),
    'phoneOrder.draft.discard': ({ draftId }, ctx) => {
      const result = desk.discard(signedIn(ctx), draftId);
      changed(false);
      return result;
    },
    'phoneOrder.submit': ({ draftId, revision, confirmDuplicate, ...content }, ctx) => {
      const result = desk.submit(signedIn(ctx), draftId, revision, content, confirmDuplicate);
      if (result.outcome === 'submitted') changed(true);
      return result;
    },
    'phoneOrder.mine': ({ limit }, ctx) => desk.mine(signedIn(ctx), limit),
    'phoneOrder.acceptPlatformPrices': ({ draftId }, ctx) => {
      const result = desk.acceptPlatformPrices(signedIn(ctx), draftId);
      changed(true);
      return result;
    },
    'phoneOrder.reopen': ({ draftId }, ctx) => {
      const draft = desk.reopen(signedIn(ctx), draftId);
      changed(false);
      return draft;
    },
    'phoneOrder.settings': (_input, ctx) => desk.settingsFor(signedIn(ctx)),
    'phoneOrder.settings.set': ({ overrideRoles }, ctx) => {
      const staff = signedIn(ctx);
      // SettingsService audits the change (from, to) in the same transaction.
      services.settings.set(PRICE_OVERRIDE_SETTING, { roles: [...new Set(overrideRoles)] }, ctx.actor);
      return desk.settingsFor(staff);
    },
  };
};
