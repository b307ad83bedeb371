export { parseCaixaSource, caixaKinds, defcaixaKeys } from './caixa.js';
export { checkPackageLayout, loadCaixaPackage } from './layout.js';
export { parseCpu, parseDuration, parseSize } from './units.js';
export { witRequirement } from './contracts.js';
