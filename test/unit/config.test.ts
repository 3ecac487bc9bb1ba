import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  it('runs on defaults with nothing set: port 3978, SQLite in data/, auth off', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.match(config.databasePath, /data[/\\]bildungslotse\.db$/);
    assert.equal(config.bot.appId, '');
    assert.equal(config.logLevel, 'info');
  });

  it('names the variable when a value is bad', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
    assert.throws(() => loadConfig({ MicrosoftAppType: 'Anything' }), /MicrosoftAppType/);
  });

  it('refuses a SingleTenant bot without tenant and password', () => {
    assert.throws(() => loadConfig({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'abc' }), /MicrosoftAppTenantId/);
  });

  it('refuses an app id without a password', () => {
    assert.throws(() => loadConfig({ MicrosoftAppId: 'abc' }), /MicrosoftAppPassword/);
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ PORT: '' }).port, 3978);
  });
});
