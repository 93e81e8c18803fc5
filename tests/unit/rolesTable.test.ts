import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rolesTableMarkdown } from '../../shared/rolesTable';

describe('the README’s roles table', () => {
  it('is the table the main process enforces (regenerate it with `npm run --silent roles-table`)', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const block = /<!-- roles:start -->\n([\s\S]*?)\n<!-- roles:end -->/.exec(readme);
    expect(block, 'README.md has the roles table between its markers').not.toBeNull();
    expect(block![1]).toBe(rolesTableMarkdown());
  });
});
