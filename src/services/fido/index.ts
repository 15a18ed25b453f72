/**
 * FIDO identity service: registers the type and its routes (registration, approval, login options, keys). Mail
 * (confirmation and "registration completed") goes through the outbox of src/mail, registered by its import.
 */
import '../../mail/index.js';
import { registerCapabilityRoutes } from '../../http/capability-routes.js';
import { registerServiceType } from '../registry.js';
import { fidoService } from './fido-service.js';
import { approvalRoutes } from './http/approval-routes.js';
import { authenticationRoutes } from './http/authentication-routes.js';
import { deviceRoutes } from './http/device-routes.js';
import { registrationRoutes } from './http/registration-routes.js';

registerServiceType(fidoService);
registerCapabilityRoutes((app) => {
  registrationRoutes(app);
  approvalRoutes(app);
  authenticationRoutes(app);
  deviceRoutes(app);
});

export { fidoService };
