export * from './keyward-error.js';
