import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.js';
import { StoreFileError } from './schema.js';

const dir = mkdtempSync(join(tmpdir(), 'engenho-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store file checks', () => {
  it('refuses a file that is not a SQLite database, and leaves it untouched', () => {
    const path = join(dir, 'garbage.db');
    const garbage = Buffer.from('this is not a database at all, just some text\n'.repeat(200));
    writeFileSync(path, garbage);
    expect(() => new SqliteStore({ path })).toThrow(StoreFileError);
    expect(() => new SqliteStore({ path })).toThrow(/refusing to open store .*garbage\.db: file is not a database/);
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  it('refuses a SQLite database of another application', () => {
    const path = join(dir, 'foreign.db');
    const foreign = new Database(path);
    foreign.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts (name) VALUES (\'alice\');');
    foreign.close();
    expect(() => new SqliteStore({ path })).toThrow(/another application \(application_id 0, expected 1701734248\)/);
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT name FROM accounts').all()).toEqual([{ name: 'alice' }]);
    check.close();
  });

  it('refuses a store of a newer schema version', async () => {
    const path = join(dir, 'newer.db');
    await new SqliteStore({ path }).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteStore({ path })).toThrow(/schema version 99; this engenho reads version 1/);
  });

  it('refuses a store that another store instance holds open', async () => {
    const path = join(dir, 'held.db');
    const owner = new SqliteStore({ path });
    await owner.create('/registry/pods/default/a', '{}');
    expect(() => new SqliteStore({ path })).toThrow(/another process is using it/);
    await owner.close();
    const next = new SqliteStore({ path });
    expect((await next.get('/registry/pods/default/a')).kv).not.toBeNull();
    await next.close();
  });

  it('reopens its own file with revisions and data intact', async () => {
    const path = join(dir, 'own.db');
    const first = new SqliteStore({ path });
    const kv = await first.create('/registry/pods/default/a', '{}');
    await first.close();
    const second = new SqliteStore({ path });
    expect(await second.currentRevision()).toBe(kv.modRevision);
    expect((await second.get('/registry/pods/default/a')).kv).toEqual(kv);
    await second.close();
  });
});
