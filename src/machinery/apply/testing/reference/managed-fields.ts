// metav1.ManagedFieldsEntry lists decoded into one field set per manager and encoded back in
// upstream's order. A manager is identified as upstream does: name, operation, subresource and,
// for Update entries only, apiVersion.
import { FieldSet } from '../../field-set.js';
import { fieldSetToFieldsV1, fieldsV1ToFieldSet, type FieldsV1 } from '../../fields-v1.js';
import { compareStrings, isJsonObject } from '../../json-value.js';

export type ManagedFieldsOperation = 'Apply' | 'Update';

/** One entry of metadata.managedFields, fields in upstream's JSON order. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: ManagedFieldsOperation;
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: FieldsV1;
  subresource?: string;
}

export interface ManagerFields {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Managers keyed by managerIdentity. */
export type ManagedFieldSets = Map<string, ManagerFields>;

/** Upstream's manager identifier (BuildManagerIdentifier): the entry as JSON without time and fields. */
export function managerIdentity(entry: { manager: string; operation: ManagedFieldsOperation; apiVersion: string; subresource?: string }): string {
  const identity: Record<string, string> = { manager: entry.manager, operation: entry.operation };
  if (entry.operation === 'Update' && entry.apiVersion !== '') identity.apiVersion = entry.apiVersion;
  if (entry.subresource !== undefined && entry.subresource !== '') identity.subresource = entry.subresource;
  return JSON.stringify(identity);
}

/** RFC3339 with second precision, as metav1.Time marshals. */
export function formatManagedFieldsTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Decodes metadata.managedFields; throws an Error naming the bad entry. */
export function decodeManagedFields(entries: unknown): ManagedFieldSets {
  const managers: ManagedFieldSets = new Map();
  if (entries === undefined || entries === null) return managers;
  if (!Array.isArray(entries)) throw new Error('metadata.managedFields must be a list');
  entries.forEach((entry: unknown, index) => {
    const where = `metadata.managedFields[${index}]`;
    if (!isJsonObject(entry)) throw new Error(`${where}: must be an object`);
    const { manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource } = entry;
    if (operation !== 'Apply' && operation !== 'Update') throw new Error(`${where}.operation: must be \`Apply\` or \`Update\``);
    if (typeof apiVersion !== 'string' || apiVersion === '') throw new Error(`${where}.apiVersion: must not be empty`);
    if (fieldsType === undefined || fieldsType === '') throw new Error(`${where}.fieldsType: missing fieldsType in managed fields entry ${index}`);
    if (fieldsType !== 'FieldsV1') throw new Error(`${where}.fieldsType: invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${index}`);
    if (manager !== undefined && typeof manager !== 'string') throw new Error(`${where}.manager: must be a string`);
    if (subresource !== undefined && typeof subresource !== 'string') throw new Error(`${where}.subresource: must be a string`);
    if (time !== undefined && time !== null && typeof time !== 'string') throw new Error(`${where}.time: must be an RFC3339 string`);
    let set: FieldSet;
    try {
      set = fieldsV1ToFieldSet(fieldsV1);
    } catch (error) {
      throw new Error(`${where}.fieldsV1: ${(error as Error).message}`);
    }
    const record: ManagerFields = { manager: manager ?? '', operation, apiVersion, set };
    if (typeof subresource === 'string' && subresource !== '') record.subresource = subresource;
    if (typeof time === 'string') record.time = time;
    managers.set(managerIdentity(record), record);
  });
  return managers;
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? 0 : Math.floor(parsed / 1000);
}

/** Entries in upstream's order: Apply before Update, then by time, manager, apiVersion, subresource. Empty sets are dropped. */
export function encodeManagedFields(managers: ManagedFieldSets): ManagedFieldsEntry[] {
  const records = [...managers.values()].filter((record) => !record.set.isEmpty());
  records.sort(
    (left, right) =>
      compareStrings(left.operation, right.operation) ||
      seconds(left.time) - seconds(right.time) ||
      compareStrings(left.manager, right.manager) ||
      compareStrings(left.apiVersion, right.apiVersion) ||
      compareStrings(left.subresource ?? '', right.subresource ?? ''),
  );
  return records.map((record) => {
    const entry: ManagedFieldsEntry = {};
    if (record.manager !== '') entry.manager = record.manager;
    entry.operation = record.operation;
    entry.apiVersion = record.apiVersion;
    if (record.time !== undefined) entry.time = record.time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = fieldSetToFieldsV1(record.set);
    if (record.subresource !== undefined) entry.subresource = record.subresource;
    return entry;
  });
}
