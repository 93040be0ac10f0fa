import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlers } from '../../db/src/handlers';
import { REPO, sourceFiles } from '../support/imports';

/**
 * Every handler a person uses has a screen or is named, with why, in
 * docs/handlers-without-screen.md (issue #19). A screen "uses" a handler when the renderer
 * calls it through the data layer: useApiQuery, useApiMutation, useApiPages, fetchApi or call.
 */
const CALL = /\b(?:useApiQuery|useApiMutation|useApiPages|fetchApi|call)(?:<[^>(]*>)?\(\s*'([a-z]+\.[A-Za-z]+)'/g;

function handlersOnScreens(): Set<string> {
  const used = new Set<string>();
  for (const file of sourceFiles(join(REPO, 'renderer/src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(CALL)) used.add(m[1]!);
  }
  return used;
}

const DOC = 'docs/handlers-without-screen.md';

function documented(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(join(REPO, DOC), 'utf8').split('\n')) {
    const m = /^\|\s*`([a-z]+\.[A-Za-z]+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  return rows;
}

const byPeople = Object.entries(handlers)
  .filter(([, spec]) => !(spec.roles as readonly string[]).includes('system'))
  .map(([name]) => name);

describe('every handler a person uses has a screen or is named as command-line only', () => {
  const onScreens = handlersOnScreens();
  const cliOnly = documented();

  it('finds the calls of the screens (the scan works)', () => {
    expect(onScreens.has('cases.intake')).toBe(true);
    expect(onScreens.has('residents.search')).toBe(true);
    expect(onScreens.size).toBeGreaterThan(50);
  });

  it('names in the doc, with a reason, each handler no screen calls', () => {
    const missing = byPeople.filter((name) => !onScreens.has(name) && !cliOnly.has(name));
    expect(missing, `no screen calls these: give them one, or name them in ${DOC} with why`).toEqual([]);
    for (const [name, why] of cliOnly) expect(why.length, `${name} needs a reason`).toBeGreaterThan(20);
  });

  it('names only real handlers that really have no screen', () => {
    const names = new Set(Object.keys(handlers));
    expect([...cliOnly.keys()].filter((name) => !names.has(name))).toEqual([]);
    expect([...cliOnly.keys()].filter((name) => onScreens.has(name)), `these have a screen now: remove their lines from ${DOC}`).toEqual([]);
  });

  it('the back office screens of #19 call what the core offers for them', () => {
    for (const name of ['audit.list', 'audit.verify', 'audit.verifyProgress', 'backups.list', 'backups.create', 'backups.verify', 'backups.restore', 'accounts.changePassword']) {
      expect(onScreens.has(name), name).toBe(true);
    }
  });
});
