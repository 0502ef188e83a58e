// Phone order desk (issue 7): drafts per clerk, pricing, stock and the credit preview from the replica,
// and submission through the outbox.
export const phoneOrderProcedures = {} as const;
