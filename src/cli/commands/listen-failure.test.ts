import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../domain/errors.js';
import { listenFailure } from './listen-failure.js';

const systemError = (fields: Record<string, string>): Error => Object.assign(new Error('system error'), fields);

describe('listenFailure', () => {
  it('turns failures to listen on --host/--port into bad usage naming the flag', () => {
    const inUse = listenFailure(systemError({ code: 'EADDRINUSE', syscall: 'listen' }), '127.0.0.1', 8787);
    expect(inUse).toBeInstanceOf(InvalidInputError);
    expect(inUse).toMatchObject({ fields: ['port'], message: expect.stringContaining('Port 8787 on 127.0.0.1 is already in use') });
    expect(listenFailure(systemError({ code: 'EACCES', syscall: 'listen' }), '0.0.0.0', 80)).toMatchObject({ fields: ['port'] });
    expect(listenFailure(systemError({ code: 'EADDRNOTAVAIL', syscall: 'listen' }), '10.9.9.9', 8787)).toMatchObject({ fields: ['host'] });
    expect(listenFailure(systemError({ code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'no-such-host' }), 'no-such-host', 8787)).toMatchObject({ fields: ['host'] });
  });

  it('leaves every other error alone', () => {
    expect(listenFailure(systemError({ code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'dynamodb.example' }), '127.0.0.1', 8787)).toBeNull();
    expect(listenFailure(systemError({ code: 'ECONNREFUSED', syscall: 'connect' }), '127.0.0.1', 8787)).toBeNull();
    expect(listenFailure(new Error('boom'), '127.0.0.1', 8787)).toBeNull();
    expect(listenFailure('text', '127.0.0.1', 8787)).toBeNull();
  });
});
