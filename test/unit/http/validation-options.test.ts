import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { AJV_OPTIONS } from '../../../src/http/validation-options.js';

/** Request validation with Keyward's Ajv options (src/http/validation-options.ts). */
async function app(): Promise<FastifyInstance> {
  const a = Fastify({ ajv: AJV_OPTIONS });
  const name = { type: 'string', minLength: 1, maxLength: 3 };
  a.get('/q', { schema: { querystring: { type: 'object', additionalProperties: false, properties: { name } } } }, () => ({ ok: true }));
  a.post('/b', { schema: { body: { type: 'object', additionalProperties: false, properties: { name } } } }, () => ({ ok: true }));
  await a.ready();
  return a;
}

describe('request validation options', () => {
  it('string lengths count UTF-16 code units, in queries and bodies', async () => {
    const a = await app();
    const query = async (value: string): Promise<number> => (await a.inject({ method: 'GET', url: `/q?name=${encodeURIComponent(value)}` })).statusCode;
    const body = async (value: string): Promise<number> => (await a.inject({ method: 'POST', url: '/b', payload: { name: value } })).statusCode;
    for (const send of [query, body]) {
      assert.equal(await send('abc'), 200);
      assert.equal(await send('abcd'), 400);
      assert.equal(await send('äöü'), 200, 'characters of the Basic Multilingual Plane count one each');
      assert.equal(await send('😀'), 200, 'one emoji is two code units');
      // Two code points, four code units: refused (Ajv's default, counting code points, would accept it).
      assert.equal(await send('😀😀'), 400);
      assert.equal(await send(''), 400);
    }
    await a.close();
  });

  it("Ajv's deprecation warning for the option is not printed; its other warnings are", async () => {
    const warn = mock.method(console, 'warn', () => undefined);
    try {
      const a = await app();
      await a.close();
      assert.deepEqual(warn.mock.calls.map((c) => c.arguments), []);
      AJV_OPTIONS.customOptions.logger.warn('strict mode: unknown keyword: "foo"');
      assert.deepEqual(warn.mock.calls.map((c) => c.arguments), [['strict mode: unknown keyword: "foo"']]);
    } finally {
      warn.mock.restore();
    }
  });
});
