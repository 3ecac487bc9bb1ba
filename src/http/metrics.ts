import client from 'prom-client';
import type { Request, Response, Server } from 'restify';

/** What operators watch: turns, their latency, the search, the queue, errors. */
export class Metrics {
  readonly registry = new client.Registry();
  readonly turns = new client.Counter({ name: 'bildungslotse_bot_turns_total', help: 'Bot turns by channel and activity type', labelNames: ['channel', 'type'] as const, registers: [this.registry] });
  readonly turnSeconds = new client.Histogram({
    name: 'bildungslotse_bot_turn_seconds',
    help: 'Time to process one bot turn',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly searchSeconds = new client.Histogram({
    name: 'bildungslotse_search_seconds',
    help: 'Time to understand and search one question',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [this.registry],
  });
  readonly errors = new client.Counter({ name: 'bildungslotse_errors_total', help: 'Errors by kind', labelNames: ['kind'] as const, registers: [this.registry] });

  constructor(gauges: { handoffsWaiting: () => Promise<number>; offers: () => number }) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'bildungslotse_' });
    new client.Gauge({
      name: 'bildungslotse_handoffs_waiting',
      help: 'Newcomers waiting for an advisor',
      registers: [this.registry],
      async collect() {
        this.set(await gauges.handoffsWaiting());
      },
    });
    new client.Gauge({
      name: 'bildungslotse_offers',
      help: 'Offers in the search index',
      registers: [this.registry],
      collect() {
        this.set(gauges.offers());
      },
    });
  }
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * GET /metrics in Prometheus text format: with METRICS_TOKEN set, for that bearer token only;
 * without it, only from this machine (a scraper on the host or through the proxy's own network).
 */
export function registerMetricsRoute(server: Server, metrics: Metrics, token: string): void {
  server.get('/metrics', async (req: Request, res: Response) => {
    const allowed = token ? req.header('authorization') === `Bearer ${token}` : LOOPBACK.test(req.socket.remoteAddress ?? '') && !req.header('x-forwarded-for');
    if (!allowed) {
      res.send(token ? 401 : 403, { error: { code: token ? 'unauthorized' : 'forbidden', message: 'Metrics are for operators.' } });
      return;
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.sendRaw(200, await metrics.registry.metrics());
  });
}
