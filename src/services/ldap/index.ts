import { registerCapabilityRoutes } from '../../http/capability-routes.js';
import { registerServiceType } from '../registry.js';
import { ldapRoutes } from './ldap-routes.js';
import { ldapJocService, ldapService } from './ldap-service.js';

registerServiceType(ldapService);
registerServiceType(ldapJocService);
registerCapabilityRoutes(ldapRoutes);

export { ldapJocService, ldapService };
