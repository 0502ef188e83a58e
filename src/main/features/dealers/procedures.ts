// Dealer search procedures (issues 7 and 11).
import type { HandlerFactory } from '../../api/types';

export const dealersHandlers: HandlerFactory = () => ({});
