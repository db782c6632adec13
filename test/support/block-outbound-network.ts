/**
 * Tests reach only servers on this machine: a connection to any other host fails loudly instead of leaking
 * traffic or depending on the network.
 */
import net from 'node:net';

const LOCAL = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;
const originalConnect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const host = typeof first === 'object' && first !== null ? (first as { host?: string; path?: string }) : undefined;
  const target = host?.path ? 'unix' : (host?.host ?? (typeof args[1] === 'string' ? args[1] : 'localhost'));
  if (target !== 'unix' && !LOCAL.test(target)) {
    throw new Error(`outbound network is blocked in tests (tried ${target})`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
