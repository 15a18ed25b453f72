export * from './password-hash.js';
export * from './tokens.js';
export * from './secret-box.js';
