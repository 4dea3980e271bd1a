/** What compiled validators are made of (`#shared/validators/routes/*`, `records`). */
export * from './checks';
export * from './schemas';
