/** The request hash moved to the shared ledger writer (ledger/request-hash.ts); kept here for its importers. */
export { canonicalJson, requestHash } from '../ledger/request-hash.js';
