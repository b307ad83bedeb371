// metav1.ManagedFieldsEntry lists decoded into one field set per manager and encoded back in
// upstream's order. A manager is identified as upstream does: name, operation, subresource and,
// for Update entries only, apiVersion.
import { FieldSet } from './field-set.js';
import { fieldSetToFieldsV1, fieldsV1ToFieldSet, type FieldsV1 } from './fields-v1.js';
import { compareStrings, isJsonObject } from './json-value.js';
import { copyFieldsV1, isCanonicalFieldsV1, ownsNothing, StoredManagerFields, storedSource } from './stored-fields.js';

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
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastFormatted.second) lastFormatted = { second, text: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return lastFormatted.text;
}

// Every write of the same second prints the same time.
let lastFormatted = { second: Number.NaN, text: '' };

/**
 * Decodes metadata.managedFields; throws an Error naming the bad entry. With `keepStored`, sets
 * whose FieldsV1 is canonical stay as that JSON until needed (see stored-fields.ts).
 */
export function decodeManagedFields(entries: unknown, keepStored = false): ManagedFieldSets {
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
    const meta: Omit<ManagerFields, 'set'> = { manager: manager ?? '', operation, apiVersion };
    if (typeof subresource === 'string' && subresource !== '') meta.subresource = subresource;
    if (typeof time === 'string') meta.time = time;
    if (keepStored && isCanonicalFieldsV1(fieldsV1)) {
      managers.set(managerIdentity(meta), new StoredManagerFields(meta, fieldsV1));
      return;
    }
    let set: FieldSet;
    try {
      set = fieldsV1ToFieldSet(fieldsV1);
    } catch (error) {
      throw new Error(`${where}.fieldsV1: ${(error as Error).message}`);
    }
    managers.set(managerIdentity(meta), { ...meta, set });
  });
  return managers;
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  let result = parsedTimes.get(time);
  if (result === undefined) {
    const parsed = Date.parse(time);
    result = Number.isNaN(parsed) ? 0 : Math.floor(parsed / 1000);
    if (parsedTimes.size >= 1024) parsedTimes.clear();
    parsedTimes.set(time, result);
  }
  return result;
}

// Entries of one period share a handful of times: each is parsed once.
const parsedTimes = new Map<string, number>();

/** Entries in upstream's order: Apply before Update, then by time, manager, apiVersion, subresource. Empty sets are dropped. */
export function encodeManagedFields(managers: ManagedFieldSets): ManagedFieldsEntry[] {
  const records = [...managers.values()].filter((record) => !ownsNothing(record));
  const times = new Map(records.map((record) => [record, seconds(record.time)]));
  records.sort(
    (left, right) =>
      compareStrings(left.operation, right.operation) ||
      times.get(left)! - times.get(right)! ||
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
    const source = storedSource(record);
    entry.fieldsV1 = source === undefined ? fieldSetToFieldsV1(record.set) : copyFieldsV1(source);
    if (record.subresource !== undefined) entry.subresource = record.subresource;
    return entry;
  });
}
