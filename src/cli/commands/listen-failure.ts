import { InvalidInputError } from '../../domain/errors.js';

interface SystemError {
  code?: unknown;
  syscall?: unknown;
  hostname?: unknown;
}

/**
 * A failure to listen on `--host`/`--port` as the bad usage it is (exit 2, saying which flag to
 * change), or null for any other error. Only errors of the listen call itself and of looking up the
 * host qualify, so a store that cannot resolve its own endpoint is not blamed on `--host`.
 */
export function listenFailure(error: unknown, host: string, port: number): InvalidInputError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, syscall, hostname } = error as SystemError;
  if (syscall === 'getaddrinfo' && hostname === host) {
    return new InvalidInputError(`--host ${host} is not an address of this machine (it does not resolve). Use an address it has, e.g. 127.0.0.1 or 0.0.0.0 for every interface.`, ['host']);
  }
  if (syscall !== 'listen') return null;
  switch (code) {
    case 'EADDRINUSE':
      return new InvalidInputError(`Port ${port} on ${host} is already in use. Stop what listens there, or pick another port with --port (0 picks a free one).`, ['port']);
    case 'EACCES':
      return new InvalidInputError(`Listening on port ${port} needs privileges this process does not have. Use a port above 1023 with --port.`, ['port']);
    case 'EADDRNOTAVAIL':
      return new InvalidInputError(`--host ${host} is not an address of this machine. Use one it has, e.g. 127.0.0.1 or 0.0.0.0 for every interface.`, ['host']);
    default:
      return null;
  }
}
