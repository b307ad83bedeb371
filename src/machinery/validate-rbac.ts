// RBAC objects as upstream's rbac validation: policy rules, role references and subjects.
import { fieldInvalid, fieldNotSupported, fieldRequired, type FieldError } from './field-errors.js';
import { validateDNS1123Subdomain, validatePathSegmentName } from './names.js';

type Json = Record<string, unknown>;
const rbacGroup = 'rbac.authorization.k8s.io';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

export function validatePolicyRules(rules: unknown, namespaced: boolean): FieldError[] {
  if (!Array.isArray(rules)) return [];
  const errors: FieldError[] = [];
  rules.forEach((rule, index) => {
    const at = `rules[${index}]`;
    if (!isObject(rule)) return;
    if (count(rule.verbs) === 0) errors.push(fieldRequired(`${at}.verbs`, 'verbs must contain at least one value'));
    if (count(rule.nonResourceURLs) > 0) {
      if (namespaced) errors.push(fieldInvalid(`${at}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (count(rule.apiGroups) > 0 || count(rule.resources) > 0 || count(rule.resourceNames) > 0) {
        errors.push(fieldInvalid(`${at}.nonResourceURLs`, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (count(rule.apiGroups) === 0) errors.push(fieldRequired(`${at}.apiGroups`, 'resource rules must supply at least one api group'));
    if (count(rule.resources) === 0) errors.push(fieldRequired(`${at}.resources`, 'resource rules must supply at least one resource'));
  });
  return errors;
}

function validateSubject(subject: unknown, path: string, namespaced: boolean): FieldError[] {
  if (!isObject(subject)) return [fieldInvalid(path, subject, 'must be an object')];
  const errors: FieldError[] = [];
  const name = typeof subject.name === 'string' ? subject.name : '';
  const apiGroup = typeof subject.apiGroup === 'string' ? subject.apiGroup : '';
  if (name === '') errors.push(fieldRequired(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name !== '') for (const message of validateDNS1123Subdomain(name)) errors.push(fieldInvalid(`${path}.name`, name, message));
      if (apiGroup !== '') errors.push(fieldNotSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && (typeof subject.namespace !== 'string' || subject.namespace === '')) errors.push(fieldRequired(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== rbacGroup) errors.push(fieldNotSupported(`${path}.apiGroup`, apiGroup, [rbacGroup]));
      break;
    default:
      errors.push(fieldNotSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errors;
}

/** RoleBinding (namespaced) and ClusterRoleBinding: roleRef and subjects. */
export function validateBinding(obj: Json, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const roleRef = isObject(obj.roleRef) ? obj.roleRef : {};
  if (roleRef.apiGroup !== rbacGroup) errors.push(fieldNotSupported('roleRef.apiGroup', roleRef.apiGroup ?? '', [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(roleRef.kind))) errors.push(fieldNotSupported('roleRef.kind', roleRef.kind ?? '', kinds));
  const name = typeof roleRef.name === 'string' ? roleRef.name : '';
  if (name === '') errors.push(fieldRequired('roleRef.name'));
  else for (const message of validatePathSegmentName(name)) errors.push(fieldInvalid('roleRef.name', name, message));
  if (Array.isArray(obj.subjects)) obj.subjects.forEach((subject, index) => errors.push(...validateSubject(subject, `subjects[${index}]`, namespaced)));
  return errors;
}
