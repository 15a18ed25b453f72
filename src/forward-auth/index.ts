import { registerCapabilityRoutes } from '../http/capability-routes.js';
import { forwardAuthRoutes } from './forward-auth-routes.js';

// Forward authentication for reverse proxies, the batch permission check and the permission catalogue
// (docs/protecting-apps.md, docs/decisions/0003-forward-auth-folder.md).
registerCapabilityRoutes(forwardAuthRoutes);
