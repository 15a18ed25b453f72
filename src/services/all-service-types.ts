/**
 * Loads every identity service type module; each folder's index.ts registers its type (and its routes).
 * A new type adds one import line here.
 */
import './joc/index.js';
import './certificate/index.js';
import './oidc/index.js';
import './ldap/index.js';
import './fido/index.js';
