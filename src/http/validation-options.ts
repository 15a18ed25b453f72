/**
 * The options of the Ajv that validates every request (Fastify's `ajv` option).
 *
 * Schemas refuse what they do not describe: no silent coercion, no silently dropped fields, no invented defaults.
 *
 * `minLength`/`maxLength` count UTF-16 code units (`unicode: false`), as JavaScript's `length` and JS7's Java
 * `String.length()` do. Ajv's default counts code points, walking every string value char by char: on the authorized
 * API call (`GET /joc/api/authentication/permission?permission=…`) that walk was about 0.4 µs of a request's 30–40 µs,
 * the largest single step Keyward adds to a bare route (docs/performance.md). Only text outside the Basic
 * Multilingual Plane (emoji, for instance) counts differently, two units per character; a `maxLength` is then reached
 * sooner, never later, so no value longer than a limit gets through.
 *
 * Ajv 8 still honours the option but warns on every start that it is deprecated; that one warning is dropped.
 * test/unit/http/validation-options.test.ts fails if Ajv stops honouring the option.
 */
export const AJV_OPTIONS = {
  customOptions: {
    allErrors: false, coerceTypes: false, removeAdditional: false, useDefaults: false,
    unicode: false,
    logger: {
      log: console.log,
      warn: (...args: unknown[]): void => {
        if (typeof args[0] === 'string' && args[0].startsWith('DEPRECATED: option unicode.')) return;
        console.warn(...args);
      },
      error: console.error,
    },
  },
} as const;
