// What main.ts prints about where it listens: the address the socket is bound to (never a name it
// did not bind), and a URL the printed curl lines can reach from this machine.
import type { AddressInfo } from 'node:net';

const url = (address: string, port: number) =>
  `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

export function describeAddress(info: AddressInfo): { bound: string; local: string } {
  // A wildcard address is every interface: say so, and try it through loopback.
  if (info.address === '0.0.0.0' || info.address === '::') {
    const loopback = info.address === '::' ? '::1' : '127.0.0.1';
    return { bound: `${url(info.address, info.port)} (every interface)`, local: url(loopback, info.port) };
  }
  const bound = url(info.address, info.port);
  return { bound, local: bound };
}
