import { registerServiceType } from '../registry.js';
import { certificateService } from './certificate-service.js';

registerServiceType(certificateService);
export { certificateService };
export { verifyClientCertificate, type ClientCertificateVerification, type PresentedCertificate } from './verify-client-certificate.js';
export { loadClientCertificateTrust, type ClientCertificateTrust } from './client-certificate-trust.js';
export { CERTIFICATE_REJECTIONS, type CertificateRejectionReason } from './certificate-rejection.js';
