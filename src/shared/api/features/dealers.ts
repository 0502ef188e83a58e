// Dealers (issues 7 and 11): the one-box dealer search shared by the phone order desk and the dashboards.
export const dealerProcedures = {} as const;
