// Named types for the two vendors' contracts, taken from the generated files (never hand-copied shapes).
import type { components as PlatformComponents, paths as PlatformPaths } from './platform.gen';
import type { components as DmsComponents, paths as DmsPaths } from './dms.gen';

export type { PlatformPaths, DmsPaths };

type P = PlatformComponents['schemas'];
type D = DmsComponents['schemas'];

export namespace Platform {
  export type Problem = P['Problem'];
  export type Staff = P['Staff'];
  export type Address = P['Address'];
  export type EventPage = P['EventPage'];
  export type Event = P['Event'];
  export type Account = P['Account'];
  export type CreditInput = P['CreditInput'];
  export type Credit = P['Credit'];
  export type Product = P['Product'];
  export type PriceList = P['PriceList'];
  export type Price = P['Price'];
  export type OrderLineInput = P['OrderLineInput'];
  export type OrderInput = P['OrderInput'];
  export type OrderLine = P['OrderLine'];
  export type Order = P['Order'];
  export type OrderStatus = Order['status'];
  export type DealerStatusInput = P['DealerStatusInput'];
  export type DealerStatus = P['DealerStatus'];
  export type SnapshotCollection = PlatformPaths['/snapshot/{collection}']['get']['parameters']['path']['collection'];
  export type ApprovalInput = NonNullable<
    PlatformPaths['/orders/{order_id}/approvals']['post']['requestBody']
  >['content']['application/json'];
  export type TransitionInput = NonNullable<
    PlatformPaths['/orders/{order_id}/transitions']['post']['requestBody']
  >['content']['application/json'];
}

export namespace Dms {
  export type Problem = D['Problem'];
  export type Staff = D['Staff'];
  export type EventPage = D['EventPage'];
  export type Event = D['Event'];
  export type Account = D['Account'];
  export type Warehouse = D['Warehouse'];
  export type Stock = D['Stock'];
  export type OrderInput = D['OrderInput'];
  export type Order = D['Order'];
  export type OrderStatus = Order['status'];
  export type Invoice = D['Invoice'];
  export type Payment = D['Payment'];
  export type Return = D['Return'];
  export type CreditOverrideInput = D['CreditOverrideInput'];
  export type CreditOverride = D['CreditOverride'];
  export type SnapshotCollection = DmsPaths['/snapshot/{collection}']['get']['parameters']['path']['collection'];
  export type CancelInput = NonNullable<
    DmsPaths['/orders/{order_id}/cancel']['post']['requestBody']
  >['content']['application/json'];
}
