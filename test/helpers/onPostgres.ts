import { postgresAvailable, postgresRequired } from './postgres';

/**
 * Root hooks for `.mocharc.postgres.cjs`: the system tests it lists run again with every test app
 * on a fresh PostgreSQL database. Without PostgreSQL installed they are skipped, unless
 * REQUIRE_POSTGRES=1 makes that a failure.
 */
process.env.TEST_DATABASE = 'postgres';

export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    if (postgresAvailable) return;
    if (postgresRequired) throw new Error('REQUIRE_POSTGRES=1 but no initdb found (apt-get install postgresql)');
    this.skip();
  },
};
