import { registerServiceType } from '../registry.js';
import { jocService } from './joc-service.js';

registerServiceType(jocService);
export { jocService };
