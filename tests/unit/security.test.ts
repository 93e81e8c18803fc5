import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, resolveInsideRoot } from '../../electron/security';

const ROOT = path.resolve('/srv/app/renderer');

describe('the app:// path guard', () => {
  it('maps ordinary paths inside the root', () => {
    expect(resolveInsideRoot(ROOT, '/')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveInsideRoot(ROOT, '/assets/index-abc.js')).toBe(path.join(ROOT, 'assets/index-abc.js'));
    expect(resolveInsideRoot(ROOT, '/assets/a%20b.css')).toBe(path.join(ROOT, 'assets/a b.css'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fclinic.sqlite',
    '/..%5cclinic.sqlite',
    '/assets/%00.js',
    '/%E0%A4%A',
  ])('refuses %s', (p) => {
    expect(resolveInsideRoot(ROOT, p)).toBeNull();
  });

  it('refuses a sibling folder whose name starts like the root', () => {
    expect(resolveInsideRoot(ROOT, '/../renderer-evil/x.js')).toBeNull();
  });

  it('allows no inline script and no eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(eval|inline)/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});
