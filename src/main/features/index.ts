// Every feature's procedures, registered on every backend (src/main/api/index.ts). Each feature keeps its
// handlers in src/main/features/<feature>/procedures.ts and its SQL beside them.
import type { HandlerFactory } from '../api/types';
import { creditHandlers } from './credit/procedures';
import { dashboardsHandlers } from './dashboards/procedures';
import { dealersHandlers } from './dealers/procedures';
import { dealerStatusHandlers } from './dealerStatus/procedures';
import { orderHandlers } from './orders/procedures';
import { phoneOrderHandlers } from './phoneOrder/procedures';

export const featureHandlerFactories: readonly HandlerFactory[] = [
  orderHandlers,
  creditHandlers,
  dealerStatusHandlers,
  phoneOrderHandlers,
  dealersHandlers,
  dashboardsHandlers,
];
