import { createServer } from "node:net";

/**
 * A TCP port that is free right now on `host`: the kernel picks one for a listener on port 0, which we
 * close again. Another process could take it before our server binds it; the window is tiny and the
 * server then fails to start loudly rather than silently sharing a port (a fixed default like 5432 or
 * 7700 clashes far more often).
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not pick a free port"))));
    });
  });
}
