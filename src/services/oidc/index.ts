import { registerCapabilityRoutes } from '../../http/capability-routes.js';
import { registerServiceType } from '../registry.js';
import { oidcJocService, oidcService } from './oidc-service.js';
import { oidcRoutes } from './oidc-routes.js';
import { startTokenRenewal } from './renewal-task.js';

registerServiceType(oidcService);
registerServiceType(oidcJocService);
registerCapabilityRoutes((app) => {
  oidcRoutes(app);
  const renewal = startTokenRenewal(app.kw);
  app.addHook('onClose', async () => { renewal.stop(); });
});

export { oidcJocService, oidcService };
export { verifyIdToken } from './verify-id-token.js';
export { oidcTuning } from './oidc-tuning.js';
