import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A channel's side of the connector protocol that answers every reply at once and keeps
 * nothing, so a long load run measures the bot and not the stub (the tests' ConnectorStub
 * records each activity).
 */
export async function connectorStub(): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
