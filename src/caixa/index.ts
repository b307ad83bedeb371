// caixa: the typed package language. Public face; parts are added append-only.
export * from './model.js';
export { formatDiagnostic, sortDiagnostics, hasErrors, type Diagnostic, type Severity } from './diagnostics.js';
export { readForms, tokenize, CaixaSyntaxError, describeForm, type Form, type ValueForm, type ReadOptions } from './reader/index.js';
export { parseCaixaSource, checkPackageLayout, loadCaixaPackage, caixaKinds, defcaixaKeys, parseCpu, parseDuration, parseSize, witRequirement } from './check/index.js';
export { lintSource, fixSource, lintReport, lintRules, lintRuleDescriptions, parseSeverityOverrides, type LintDiagnostic, type LintOptions, type LintReport, type LintRule, type LintSeverity } from './lint/index.js';
export { formatSource } from './fmt/index.js';
export { lockPackage, lockStatus, resolveDependencies, sealEntries, writeLacre, hashFields, hashTree, gitUrl, LacreError, LACRE_FILE, LACRE_VERSION, type CaixaParser, type Lacre, type LockedEntry, type LockStatus, type ResolvedEntry, type ResolveOptions } from './lacre/index.js';
export { renderNative, renderHelmChart, renderFlux, renderMesh, chartName, chartValues, contractFamily, toYamlDocuments, RenderError, type RenderedObject, type NativeOptions, type HelmChart, type FluxOptions, type MeshOptions, type PolicyFlavor } from './render/index.js';
