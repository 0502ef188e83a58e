// Dealer-visible status procedures (issue 9): the review queue, ad-hoc publications, each enqueued in the
// same transaction as its audit entry.
import type { BackendServices, HandlerFactory, Handlers } from '../../api/types';
import { dismissReview, listReviews, publishAdHoc, publishReview } from '../../duties/dealerStatus';
import { ensureSyncTables } from '../../sync/replica';
import { asConflict, kickSync, signedIn } from '../support';

type DealerStatusHandlers = Pick<
  Handlers,
  'dealerStatus.reviews' | 'dealerStatus.publishReview' | 'dealerStatus.dismissReview' | 'dealerStatus.publish'
>;

export const dealerStatusHandlers: HandlerFactory = (services: BackendServices): DealerStatusHandlers => {
  const { sqlite, audit } = services;
  ensureSyncTables(sqlite);
  const kick = () => kickSync(services);
  return {
    'dealerStatus.reviews': ({ state, limit }) => listReviews(sqlite, state, limit),
    'dealerStatus.publishReview': ({ reviewId, message }, ctx) => {
      const staff = signedIn(ctx);
      const res = asConflict(() =>
        sqlite
          .transaction(() => {
            const r = publishReview(sqlite, reviewId, message, { id: staff.id, name: staff.displayName }, services.now());
            audit.append({
              actor: ctx.actor,
              action: 'dealer_status.publish',
              subject: `dealer_status_review:${reviewId}`,
              detail: { message },
            });
            return r;
          })
          .immediate(),
      );
      kick();
      return res;
    },
    'dealerStatus.publish': ({ orderId, status, message, eta, tracking }, ctx) => {
      const staff = signedIn(ctx);
      const body = {
        status,
        message,
        eta: eta ?? null,
        tracking: tracking ?? null,
        published_by: { id: staff.id, name: staff.displayName },
      };
      const res = asConflict(() =>
        sqlite
          .transaction(() => {
            const r = publishAdHoc(sqlite, orderId, body, services.now());
            audit.append({
              actor: ctx.actor,
              action: 'dealer_status.publish_ad_hoc',
              subject: `order:${orderId}`,
              detail: { status, message },
            });
            return r;
          })
          .immediate(),
      );
      kick();
      return res;
    },
    'dealerStatus.dismissReview': ({ reviewId }, ctx) => {
      const staff = signedIn(ctx);
      asConflict(() =>
        sqlite
          .transaction(() => {
            dismissReview(sqlite, reviewId, staff.id, services.now());
            audit.append({ actor: ctx.actor, action: 'dealer_status.dismiss', subject: `dealer_status_review:${reviewId}`, detail: null });
          })
          .immediate(),
      );
      return { dismissed: true };
    },
  };
};
