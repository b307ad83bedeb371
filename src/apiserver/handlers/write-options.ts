// Query options shared by create, update, patch and delete: dryRun, fieldManager, fieldValidation.
import { badRequest } from '../../machinery/index.js';
import type { ApiRequest } from '../http/types.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
  force: boolean;
}

export function parseDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun').filter((v) => v !== '');
  for (const value of values) {
    if (value !== 'All') throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(value)}: supported values: "All"`);
  }
  return values.length > 0;
}

/** Upstream's default manager name: the user agent up to the first '/'. */
function managerFromUserAgent(req: ApiRequest): string {
  const agent = req.headers['user-agent'];
  const base = typeof agent === 'string' ? agent.split('/')[0] : '';
  return base.slice(0, 128) || 'unknown';
}

export function parseWriteOptions(query: URLSearchParams, req: ApiRequest): WriteOptions {
  const explicitManager = query.get('fieldManager');
  if (explicitManager !== null && explicitManager.length > 128) {
    throw badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
  }
  if (explicitManager !== null && /[^\x20-\x7e]/.test(explicitManager)) {
    throw badRequest(`fieldManager: Invalid value: ${JSON.stringify(explicitManager)}: must only contain printable characters`);
  }
  const validation = query.get('fieldValidation') ?? '';
  if (validation !== '' && validation !== 'Ignore' && validation !== 'Warn' && validation !== 'Strict') {
    throw badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(validation)}: supported values: "Ignore", "Strict", "Warn"`);
  }
  const force = query.get('force');
  if (force !== null && force !== '' && force !== 'true' && force !== 'false') {
    throw badRequest(`force: Invalid value: ${JSON.stringify(force)}: must be true or false`);
  }
  return {
    dryRun: parseDryRun(query),
    fieldManager: explicitManager !== null && explicitManager !== '' ? explicitManager : managerFromUserAgent(req),
    fieldValidation: validation === '' ? 'Warn' : validation,
    force: force === 'true' || force === '',
  };
}
