import { describe, expect, it } from 'vitest';
import { toolEnv } from './tool-env.ts';

describe('the environment of the dump and restore tools', () => {
  it('is PATH, HOME and TMPDIR only', () => {
    const parent = {
      PATH: '/usr/bin',
      HOME: '/home/app',
      TMPDIR: '/var/tmp',
      REDIS_URL: 'redis://:redis-secret@cache:6379',
      S3_SECRET_KEY: 's3-secret',
      MYSQL_PWD: 'ambient',
      MYSQL_HOST: 'elsewhere',
    };
    expect(toolEnv(parent)).toEqual({ PATH: '/usr/bin', HOME: '/home/app', TMPDIR: '/var/tmp' });
  });

  it('keeps what a Windows child needs to run, SYSTEMROOT included, and nothing else', () => {
    const parent = {
      PATH: 'C:\\Windows\\system32',
      SYSTEMROOT: 'C:\\Windows',
      TEMP: 'C:\\Temp',
      TMP: 'C:\\Temp',
      USERPROFILE: 'C:\\Users\\app',
      APPDATA: 'C:\\Users\\app\\AppData\\Roaming',
      S3_SECRET_KEY: 's3-secret',
      PGPASSWORD: 'ambient',
    };
    expect(toolEnv(parent, 'win32')).toEqual({
      PATH: 'C:\\Windows\\system32',
      SYSTEMROOT: 'C:\\Windows',
      TEMP: 'C:\\Temp',
      TMP: 'C:\\Temp',
      USERPROFILE: 'C:\\Users\\app',
      APPDATA: 'C:\\Users\\app\\AppData\\Roaming',
    });
    expect(toolEnv(parent, 'linux')).toEqual({ PATH: 'C:\\Windows\\system32' });
  });
});
