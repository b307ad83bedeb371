export { admitCreateInNamespace, admitNamespaceDelete, SYSTEM_NAMESPACES } from './namespace-lifecycle.js';
