/**
 * A network cable between the browser and the API that a test can pull out: a TCP pass-through on 127.0.0.1 whose
 * `cut()` resets every open connection and refuses new ones until `mend()`.
 *
 * Why not only Playwright's `context.setOffline`: that flips `navigator.onLine` and the page's online/offline
 * events, which the page must see, but whether Chromium applies it to every request (a page controlled by a
 * service worker, a connection kept alive) is the browser's business; on one CI machine a queued result reached
 * the server while the context was "offline". With the cable cut, nothing reaches the server, whatever the browser
 * decides, as with a phone that has lost its signal.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface NetCable {
  /** The API's base URL through the cable (same host, another port). */
  url: string;
  cut(): void;
  mend(): void;
  /** Connections refused or reset while cut: a request that tried to leave while "offline" shows here. */
  readonly refused: number;
  close(): Promise<void>;
}

export async function openNetCable(target: string): Promise<NetCable> {
  const { hostname, port } = new URL(target);
  const live = new Set<Socket>();
  let cut = false;
  let refused = 0;
  const drop = (socket: Socket) => {
    live.delete(socket);
    socket.destroy();
  };
  const server = createServer((browserSide) => {
    if (cut) {
      refused++;
      browserSide.resetAndDestroy();
      return;
    }
    const apiSide = connect(Number(port), hostname);
    live.add(browserSide);
    live.add(apiSide);
    browserSide.pipe(apiSide).pipe(browserSide);
    const close = () => {
      drop(browserSide);
      drop(apiSide);
    };
    browserSide.on('error', close).on('close', close);
    apiSide.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the net cable has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      cut = true;
      for (const socket of [...live]) {
        if (!socket.destroyed) socket.resetAndDestroy();
        live.delete(socket);
      }
    },
    mend() {
      cut = false;
    },
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of live) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
