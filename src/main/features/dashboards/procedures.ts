// Manager dashboard procedures (issue 11).
import type { HandlerFactory } from '../../api/types';

export const dashboardsHandlers: HandlerFactory = () => ({});
