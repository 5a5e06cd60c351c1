import net from 'node:net';

/** A TCP proxy in front of the server whose live connections the test can cut. */
export interface CuttableProxy {
  url: string;
  /** The `Last-Event-ID` header of each request that came through, `null` when absent. */
  lastEventIds: Array<string | null>;
  /** Destroys every live connection, as a network failure would. */
  cut(): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const lastEventIds: Array<string | null> = [];
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // a cut connection errors on the other side; expected
  };
  const server = net.createServer((downstream) => {
    const upstream = net.connect(Number(port), hostname);
    track(downstream);
    track(upstream);
    downstream.once('data', (head: Buffer) => {
      lastEventIds.push(/^last-event-id: *(\S+)/im.exec(head.toString('latin1'))?.[1] ?? null);
    });
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => downstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as net.AddressInfo;
  const cut = () => sockets.forEach((socket) => socket.destroy());
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    lastEventIds,
    cut,
    close: () => {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
