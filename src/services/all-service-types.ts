/**
 * Loads every identity service type module so each registers itself with the registry (services/registry.ts).
 * A new type adds one import line here.
 */
import './registry.js';
