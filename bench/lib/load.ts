import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** Drives `url` with `connections` concurrent keep-alive connections for `seconds`, like a busy console. */
export async function load(
  name: string,
  options: { url: string; connections?: number; seconds?: number; headers?: Record<string, string>; paths?: string[] },
): Promise<LoadResult> {
  const paths = options.paths;
  let i = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 10,
    headers: options.headers,
    ...(paths
      ? {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }),
            },
          ],
        }
      : {}),
  } as autocannon.Options);
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function printTable(rows: LoadResult[], baseline: LoadResult): void {
  console.log('');
  console.log('endpoint'.padEnd(34), 'req/s'.padStart(8), 'vs bare'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7));
  for (const r of [baseline, ...rows]) {
    const ratio = `${Math.round((r.requestsPerSecond / baseline.requestsPerSecond) * 100)} %`;
    console.log(
      r.name.padEnd(34),
      String(r.requestsPerSecond).padStart(8),
      ratio.padStart(8),
      r.p50Ms.toFixed(1).padStart(8),
      r.p99Ms.toFixed(1).padStart(8),
      String(r.errors + r.non2xx).padStart(7),
    );
  }
}
