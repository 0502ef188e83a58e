// Dealer-visible status procedures (issue 9): the publish queue (publish, bulk publish, skip), ad-hoc
// publications, the policy and the order timeline. Every command is enqueued in the same transaction as its
// audit entry (subject `order:<platform order>`, so the order's timeline shows it).
import { ApiFailure } from '../../../shared/api/errors';
import type { PublishReviewResult } from '../../../shared/api/features/dealerStatus';
import type { Platform } from '../../../shared/contracts';
import { defaultDealerStatusPolicy, type DealerStatusPolicy } from '../../../shared/dealerStatus';
import type { BackendServices, CallContext, HandlerFactory, Handlers } from '../../api/types';
import { CATCH_UP_SETTING, POLICY_SETTING, publishAdHoc, publishReview, readPolicy, skipReview } from '../../duties/dealerStatus';
import { ensureSyncTables } from '../../sync/replica';
import { asConflict, kickSync, signedIn } from '../support';
import { listReviews, orderTimeline } from './queries';

type DealerStatusHandlers = Pick<
  Handlers,
  | 'dealerStatus.reviews'
  | 'dealerStatus.publishReview'
  | 'dealerStatus.publishReviews'
  | 'dealerStatus.skipReview'
  | 'dealerStatus.publish'
  | 'dealerStatus.policy'
  | 'dealerStatus.setPolicy'
  | 'dealerStatus.timeline'
>;

export const dealerStatusHandlers: HandlerFactory = (services: BackendServices): DealerStatusHandlers => {
  const { sqlite, audit } = services;
  ensureSyncTables(sqlite);
  /** After a queue change: the engine sends, and every open screen of this desk re-reads the queue. */
  const changed = () => {
    kickSync(services);
    services.push('replica.changed', { tables: ['dealer_status_reviews', 'outbox'] });
  };
  const staffOf = (ctx: CallContext): Platform.Staff => {
    const staff = signedIn(ctx);
    return { id: staff.id, name: staff.displayName };
  };

  const publishOne = (item: { reviewId: number; message: string; eta?: string | null | undefined }, ctx: CallContext) =>
    asConflict(() =>
      sqlite
        .transaction(() => {
          const r = publishReview(sqlite, item.reviewId, { message: item.message, eta: item.eta }, staffOf(ctx), services.now());
          audit.append({
            actor: ctx.actor,
            action: 'dealer_status.publish',
            subject: `order:${r.platformOrderId}`,
            detail: { reviewId: item.reviewId, status: r.body.status, message: r.body.message, eta: r.body.eta ?? null },
          });
          return { outboxId: r.outboxId };
        })
        .immediate(),
    );

  const policyView = () => {
    const row = sqlite.prepare('SELECT updated_at, updated_by FROM settings WHERE key = ?').get(POLICY_SETTING) as
      { updated_at: string; updated_by: string | null } | undefined;
    const by = row?.updated_by
      ? ((sqlite.prepare('SELECT display_name FROM staff WHERE id = ?').pluck().get(row.updated_by) as string | undefined) ??
        row.updated_by)
      : null;
    return { policy: readPolicy(sqlite), defaults: defaultDealerStatusPolicy, updatedAt: row?.updated_at ?? null, updatedBy: by };
  };

  return {
    'dealerStatus.reviews': ({ state, limit }) => listReviews(sqlite, state, limit),

    'dealerStatus.publishReview': (input, ctx) => {
      const res = publishOne(input, ctx);
      changed();
      return res;
    },

    'dealerStatus.publishReviews': ({ items }, ctx) => {
      // One transaction per item: a refusal (already published from another desk, ...) never undoes the rest.
      const results: PublishReviewResult[] = items.map((item) => {
        try {
          return { reviewId: item.reviewId, ok: true, outboxId: publishOne(item, ctx).outboxId };
        } catch (error) {
          const failure = error instanceof ApiFailure ? error : new ApiFailure('internal', String(error));
          return { reviewId: item.reviewId, ok: false, error: failure.toData() };
        }
      });
      changed();
      return { results };
    },

    'dealerStatus.skipReview': ({ reviewId, reason }, ctx) => {
      asConflict(() =>
        sqlite
          .transaction(() => {
            const { platformOrderId } = skipReview(sqlite, reviewId, reason, staffOf(ctx), services.now());
            audit.append({
              actor: ctx.actor,
              action: 'dealer_status.skip',
              subject: `order:${platformOrderId}`,
              detail: { reviewId, reason },
            });
          })
          .immediate(),
      );
      changed();
      return { skipped: true };
    },

    'dealerStatus.publish': ({ orderId, status, message, eta, tracking }, ctx) => {
      const body: Platform.DealerStatusInput = {
        status,
        message,
        eta: eta ?? null,
        tracking: tracking ?? null,
        published_by: staffOf(ctx),
      };
      const res = asConflict(() =>
        sqlite
          .transaction(() => {
            const r = publishAdHoc(sqlite, orderId, body, services.now());
            audit.append({
              actor: ctx.actor,
              action: 'dealer_status.publish_ad_hoc',
              subject: `order:${orderId}`,
              detail: { status, message, eta: body.eta },
            });
            return r;
          })
          .immediate(),
      );
      changed();
      return res;
    },

    'dealerStatus.policy': () => policyView(),

    'dealerStatus.setPolicy': (policy: DealerStatusPolicy, ctx) => {
      // Both settings in one transaction, each audited (from -> to) by the settings service. New templates
      // apply to what is derived from now on; items already in the queue keep the text they were raised with.
      sqlite
        .transaction(() => {
          services.settings.set(POLICY_SETTING, { rules: policy.rules }, ctx.actor);
          services.settings.set(CATCH_UP_SETTING, policy.catchUpHours, ctx.actor);
        })
        .immediate();
      return policyView();
    },

    'dealerStatus.timeline': ({ orderId }) => {
      const view = orderTimeline(sqlite, orderId);
      if (!view) throw new ApiFailure('not_found', 'This order is not in the desk yet; it appears after the next sync.');
      return view;
    },
  };
};
