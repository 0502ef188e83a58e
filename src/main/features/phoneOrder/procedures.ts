// Phone order desk procedures (issue 7).
import type { HandlerFactory } from '../../api/types';

export const phoneOrderHandlers: HandlerFactory = () => ({});
