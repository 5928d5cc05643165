import { describe, expect, it } from 'vitest';
import { describeAddress } from './listen-address.ts';

describe('describeAddress', () => {
  it('prints the bound address, bracketing IPv6', () => {
    expect(describeAddress({ address: '127.0.0.1', family: 'IPv4', port: 3000 })).toEqual({
      bound: 'http://127.0.0.1:3000',
      local: 'http://127.0.0.1:3000',
    });
    expect(describeAddress({ address: '::1', family: 'IPv6', port: 8080 }).bound).toBe('http://[::1]:8080');
  });

  it('says a wildcard address is every interface, and tries it through loopback', () => {
    expect(describeAddress({ address: '0.0.0.0', family: 'IPv4', port: 3000 })).toEqual({
      bound: 'http://0.0.0.0:3000 (every interface)',
      local: 'http://127.0.0.1:3000',
    });
    expect(describeAddress({ address: '::', family: 'IPv6', port: 3000 }).local).toBe('http://[::1]:3000');
  });
});
