import autocannon from 'autocannon';

export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  /** Process CPU (user + system) per request, ms: load generator, stack and bot together. */
  cpuPerTurnMs?: number;
}

/** The middle of several runs' figures (the upper middle of an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/**
 * autocannon against /api/messages: one conversation per connection, its turns one after
 * another, each a Telegram message with the next of `texts`. What `npm run bench` and
 * `scripts/compare-versions.ts` load a bot with.
 */
export async function loadHttp(
  url: string,
  connections: number,
  serviceUrl: string,
  texts: readonly string[],
  options: { duration: number } & Record<string, unknown>,
): Promise<LoadResult> {
  let conversations = 0;
  let sent = 0;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...options,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          context.conversation ??= `bench-${conversations++}`;
          return {
            ...req,
            body: JSON.stringify({
              type: 'message',
              id: String(sent),
              text: texts[sent++ % texts.length],
              channelId: 'telegram',
              serviceUrl,
              from: { id: `u-${context.conversation}` },
              recipient: { id: 'bot' },
              conversation: { id: context.conversation },
            }),
          };
        },
      },
    ],
  } as never);
  const cpu = process.cpuUsage(cpuBefore);
  const total = result.requests.total || 1;
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    cpuPerTurnMs: (cpu.user + cpu.system) / 1000 / total,
  };
}
