// The second half of `npm test`: the system tests that exercise every repository (catalogue,
// handoffs, Direct Line, staff, reports, erasure) again on PostgreSQL, as several instances would
// run them. Same settings and root hooks as .mocharc.json, plus test/helpers/onPostgres.ts.
const base = require('./.mocharc.json');

module.exports = {
  ...base,
  require: [...base.require, 'test/helpers/onPostgres.ts'],
  spec: [
    'test/system/askApi.test.ts',
    'test/system/catalogueApi.test.ts',
    'test/system/directLine.test.ts',
    'test/system/handoff.e2e.test.ts',
    'test/system/providerAccounts.test.ts',
    'test/system/adminProposals.test.ts',
    'test/system/steering.test.ts',
  ],
};
