import type autocannon from "autocannon";

/** What one response looked like: status, bytes on the wire, milliseconds since its request was written. */
export type RecordResponse = (status: number, bytes: number, ms: number) => void;

/** The autocannon 9 client internals the hook relies on (lib/httpClient.js). */
interface ClientInternals {
  conn: NodeJS.EventEmitter;
  _connect(): void;
  _resetConnection(): void;
  on(event: "request", listener: () => void): unknown;
  on(event: "headers", listener: (info: { statusCode: number }) => void): unknown;
}

/** Whether the client has the internals the hook relies on. */
function hasInternals(client: object): client is ClientInternals {
  return "_connect" in client && typeof client._connect === "function" && "_resetConnection" in client && typeof client._resetConnection === "function" && "on" in client;
}

function internalsOf(client: object): ClientInternals {
  if (!hasInternals(client)) throw new Error("autocannon's client no longer has the internals perf-gate hooks (_connect, _resetConnection); pin autocannon 9");
  return client;
}

/**
 * Records the responses of a client that reconnects after every request
 * (no keep-alive). autocannon 9 implements that with `reconnectRate: 1`, but
 * then resets the connection on each completed response without emitting it,
 * so nothing would be counted. The hook notes the request time, the status and
 * the bytes from the client's own events and records the response when the
 * client resets the connection (which it does right after the response completed).
 */
export function recordResponsesOnReconnect(client: autocannon.Client, record: RecordResponse): void {
  const internals = internalsOf(client);
  let sentAt = performance.now();
  let status = 0;
  let bytes = 0;
  internals.on("request", () => {
    sentAt = performance.now();
    status = 0;
    bytes = 0;
  });
  internals.on("headers", (info) => {
    status = info.statusCode;
  });
  // Bound to the client itself: the same `this` autocannon calls them with.
  const connect = internals._connect.bind(internals);
  internals._connect = function (this: ClientInternals) {
    connect();
    this.conn.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
    });
  };
  const reset = internals._resetConnection.bind(internals);
  internals._resetConnection = function () {
    if (status > 0) record(status, bytes, performance.now() - sentAt);
    reset();
  };
}
