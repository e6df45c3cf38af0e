import { createServer, request, type Server } from 'node:http';

/**
 * An HTTP proxy on 127.0.0.1 in front of the local S3 server that can answer with errors instead
 * of forwarding: the next N requests, or every request until a time. Requests it lets through go
 * to the real server untouched (streamed both ways).
 */
export interface FaultProxy {
  readonly endpoint: string;
  /** Answers the next requests with these statuses, one each (503 SlowDown, 500 InternalError). */
  failNext(statuses: readonly (500 | 503)[]): void;
  /** Answers every request with 503 for `ms` milliseconds. */
  downFor(ms: number): void;
  readonly stats: { forwarded: number; failed: number };
  close(): Promise<void>;
}

const BODY: Record<number, string> = {
  500: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected fault</Message></Error>',
  503: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>injected fault</Message></Error>',
};

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let failures: (500 | 503)[] = [];
  let downUntil = 0;
  const stats = { forwarded: 0, failed: 0 };
  const server: Server = createServer((req, res) => {
    if (failures.length > 0 || Date.now() < downUntil) {
      const status = Date.now() < downUntil ? 503 : failures.shift()!;
      stats.failed++;
      req.resume();
      res.writeHead(status, { 'content-type': 'application/xml' }).end(BODY[status]);
      return;
    }
    stats.forwarded++;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    failNext(statuses) {
      failures = [...statuses];
    },
    downFor(ms) {
      downUntil = Date.now() + ms;
    },
    stats,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
