import { readFile, stat } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { defaultsFileText, writeDefaultsFile } from './defaults-file.ts';

const config = {
  driver: 'mariadb',
  host: 'db.example',
  port: 3307,
  name: 'app',
  user: 'app',
  password: 'a"b\\c\nd',
  ssl: false,
  poolMax: 5,
} as const;

it('writes the password only into a 0600 file that remove() deletes', async () => {
  const file = await writeDefaultsFile(config, 'mariadb');
  const path = file.argument.replace('--defaults-extra-file=', '');
  expect(file.argument.startsWith('--defaults-extra-file=')).toBe(true);
  expect((await stat(path)).mode & 0o777).toBe(0o600);
  expect(await readFile(path, 'utf8')).toContain('password="a\\"b\\\\c\\nd"');
  await file.remove();
  await expect(stat(path)).rejects.toThrow(/ENOENT/);
});

it('spells TLS as each client family does', () => {
  expect(defaultsFileText(config, 'mariadb')).toContain('skip-ssl');
  expect(defaultsFileText({ ...config, ssl: true, sslCaFile: '/ca.pem' }, 'mariadb')).toMatch(
    /\nssl\nssl-ca="\/ca.pem"\nssl-verify-server-cert\n/,
  );
  expect(defaultsFileText({ ...config, ssl: true, sslRejectUnauthorized: false }, 'mysql')).toContain(
    'ssl-mode=REQUIRED',
  );
  expect(defaultsFileText(config, 'mysql')).toContain('ssl-mode=DISABLED');
  const { password: _, ...withoutPassword } = config;
  expect(defaultsFileText(withoutPassword, 'mariadb')).not.toContain('password');
});
