/** The joins moved to the shared ledger (ledger/ledger-joins.ts); kept here for their importers. */
export { lineAccount, lineEntry } from '../ledger/ledger-joins.js';
