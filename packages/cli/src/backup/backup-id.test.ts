import { describe, expect, it } from 'vitest';
import { isBackupId, newBackupId } from './backup-id.ts';

describe('backup ids', () => {
  it('start with the UTC time, name the database and are valid key segments', () => {
    const id = newBackupId(new Date('2026-11-28T09:15:00.123Z'), 'sqlite', '/var/data/app db.sqlite');
    expect(id).toMatch(/^20261128T091500Z-sqlite-app_db\.sqlite-[0-9a-f]{4}$/);
    expect(isBackupId(id)).toBe(true);
  });

  it('refuse what could escape the backup folder', () => {
    for (const bad of ['../x', '20261128T091500Z-pg-a/b-0000', '', '20261128T091500Z-pg-..-000']) {
      expect(isBackupId(bad)).toBe(false);
    }
  });
});
