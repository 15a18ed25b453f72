import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigFileError } from '../../../src/forward-auth/config-file-error.js';
import { parsePermissionCatalogue } from '../../../src/forward-auth/permission-catalogue.js';

describe('permission catalogue', () => {
  const catalogue = parsePermissionCatalogue(`
applications:
  - root: shop
    title: Web shop
    description: Orders and refunds
    permissions:
      - shop:orders:view
      - path: shop:orders:create
        description: Place an order
      - shop:refunds
  - root: wiki
    permissions: [wiki:pages:edit]
`, 'catalogue.yaml');

  it('knows every node of every tree (spec §2 segment semantics: inner nodes are grantable)', () => {
    for (const p of ['shop', 'shop:orders', 'shop:orders:view', 'shop:orders:create', 'shop:refunds', 'wiki', 'wiki:pages', 'wiki:pages:edit']) {
      assert.equal(catalogue.has(p), true, p);
    }
    for (const p of ['shop:order', 'shop:orders:view:x', 'sos:products', 'wik']) assert.equal(catalogue.has(p), false, p);
  });

  it('builds a tree per application for the permission editor', () => {
    const shop = catalogue.applications[0];
    assert.equal(shop?.title, 'Web shop');
    assert.deepEqual(shop?.permissions, ['shop:orders:view', 'shop:orders:create', 'shop:refunds']);
    assert.deepEqual(shop?.tree, {
      path: 'shop', name: 'shop', children: [
        { path: 'shop:orders', name: 'orders', children: [
          { path: 'shop:orders:view', name: 'view', children: [] },
          { path: 'shop:orders:create', name: 'create', description: 'Place an order', children: [] },
        ] },
        { path: 'shop:refunds', name: 'refunds', children: [] },
      ],
    });
    assert.equal(catalogue.applications[1]?.title, 'wiki');
  });

  const invalid: [name: string, text: string, line: number, message: RegExp][] = [
    ['JS7 root reserved', 'applications:\n  - root: sos\n    permissions: [sos:products:x]\n', 2, /JS7's own tree/],
    ['permission outside its root', 'applications:\n  - root: shop\n    permissions:\n      - wiki:edit\n', 4, /must start with the application's root "shop:"/],
    ['bad segment', 'applications:\n  - root: shop\n    permissions: ["shop:or ders"]\n', 3, /colon-separated segments/],
    ['duplicate permission', 'applications:\n  - root: shop\n    permissions:\n      - shop:a\n      - shop:a\n', 5, /declared twice/],
    ['duplicate root', 'applications:\n  - root: shop\n    permissions: [shop:a]\n  - root: shop\n    permissions: [shop:b]\n', 4, /declared twice/],
    ['unknown key', 'applications:\n  - root: shop\n    perms: [shop:a]\n', 3, /unknown key "perms"/],
  ];
  for (const [name, text, line, message] of invalid) {
    it(`rejects: ${name} (line ${line})`, () => {
      assert.throws(() => parsePermissionCatalogue(text, 'catalogue.yaml'), (err: unknown) => {
        assert.ok(err instanceof ConfigFileError);
        assert.equal(err.line, line, err.message);
        assert.match(err.message, message);
        return true;
      });
    });
  }
});
