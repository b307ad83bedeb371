// Public face of src/pki: the cluster CA, certificates it issues, and the admin kubeconfig.
export {
  createCertificateAuthority,
  issueClientCertificate,
  issueServingCertificate,
  loadCertificateAuthority,
} from './certificates.js';
export type {
  CertificateAuthority,
  ClientCertificateRequest,
  IssuedCertificate,
  ServingCertificateRequest,
  ValidityOptions,
} from './certificates.js';
export { ADMIN_GROUP, ADMIN_USER, ensureClusterCertificates, RENEW_BEFORE_DAYS } from './cluster-certificates.js';
export type { ClusterCertificates, ClusterCertificatesOptions } from './cluster-certificates.js';
export { renderKubeconfig, serverUrl, writeKubeconfig } from './kubeconfig.js';
export type { KubeconfigOptions } from './kubeconfig.js';
export { readPemPair, writeFileAtomically, writePemPair, PRIVATE_FILE_MODE } from './pem-files.js';
export type { PemPair } from './pem-files.js';
