// Manager dashboards (issue 11): one dealer's account, the whole book, statements.
export const dashboardProcedures = {} as const;
