// src/api/generated/types.ts: one interface (or type) per definition plus the aliases of type-names.ts.
// Compact on purpose: no doc comments (descriptions live in the catalog, for `kubectl explain`).
import type { SchemaNode } from '../api/schema-types.js';
import { generatedHeader, type GeneratorInputs } from './generated-header.js';
import { compareStrings } from './stable-json.js';
import { buildTypeAliases, fullTypeName } from './type-names.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const APIEXTENSIONS = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

/** Definitions whose JSON shape is a union that the published schema cannot express (it leaves them untyped). */
const HAND_TYPED: Record<string, string> = {
  [`${APIEXTENSIONS}.JSON`]: 'unknown',
  [`${APIEXTENSIONS}.JSONSchemaPropsOrArray`]: `${fullTypeName(`${APIEXTENSIONS}.JSONSchemaProps`)} | ${fullTypeName(`${APIEXTENSIONS}.JSONSchemaProps`)}[]`,
  [`${APIEXTENSIONS}.JSONSchemaPropsOrBool`]: `${fullTypeName(`${APIEXTENSIONS}.JSONSchemaProps`)} | boolean`,
  [`${APIEXTENSIONS}.JSONSchemaPropsOrStringArray`]: `${fullTypeName(`${APIEXTENSIONS}.JSONSchemaProps`)} | string[]`,
};

function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function needsParens(type: string): boolean {
  return type.includes(' | ') || type.includes(' & ');
}

export function typeExpression(node: SchemaNode): string {
  const base = baseType(node);
  return node.nullable === true && base !== 'unknown' ? `${base} | null` : base;
}

function baseType(node: SchemaNode): string {
  if (node.$ref !== undefined) return fullTypeName(node.$ref);
  if (node.enum !== undefined) return node.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (node.intOrString === true) return 'number | string';
  if (node.oneOf !== undefined) return unionOf(node.oneOf);
  if (node.anyOf !== undefined) return unionOf(node.anyOf);
  if (node.allOf !== undefined) return node.allOf.map((part) => wrap(typeExpression(part))).join(' & ');
  switch (node.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const item = node.items === undefined ? 'unknown' : typeExpression(node.items);
      return `${wrap(item)}[]`;
    }
    case 'object':
      return objectType(node, '');
    default:
      return node.properties !== undefined ? objectType(node, '') : 'unknown';
  }
}

function unionOf(nodes: SchemaNode[]): string {
  return [...new Set(nodes.map(typeExpression))].join(' | ');
}

function wrap(type: string): string {
  return needsParens(type) ? `(${type})` : type;
}

function objectType(node: SchemaNode, indent: string): string {
  if (node.properties !== undefined) return `{\n${propertyLines(node, `${indent}  `)}${indent}}`;
  const extra = node.additionalProperties;
  if (typeof extra === 'object') return `{ [key: string]: ${typeExpression(extra)} }`;
  return '{ [key: string]: unknown }';
}

function propertyLines(node: SchemaNode, indent: string): string {
  const required = new Set(node.required ?? []);
  let lines = '';
  for (const name of Object.keys(node.properties ?? {}).sort(compareStrings)) {
    const optional = required.has(name) ? '' : '?';
    lines += `${indent}${propertyKey(name)}${optional}: ${typeExpression(node.properties![name])};\n`;
  }
  return lines;
}

function declaration(name: string, node: SchemaNode): string {
  const typeName = fullTypeName(name);
  const handTyped = HAND_TYPED[name];
  if (handTyped !== undefined) return `export type ${typeName} = ${handTyped};\n`;
  if (node.properties !== undefined && node.$ref === undefined && node.allOf === undefined) {
    return `export interface ${typeName} {\n${propertyLines(node, '  ')}}\n`;
  }
  return `export type ${typeName} = ${typeExpression(node)};\n`;
}

export function emitTypes(definitions: Record<string, SchemaNode>, inputs: GeneratorInputs): string {
  const names = Object.keys(definitions).sort(compareStrings);
  let text = generatedHeader(inputs, 'TypeScript types for every definition; aliases at the end (scheme: docs/codegen.md).');
  text += '/* eslint-disable */\n\n';
  for (const name of names) text += declaration(name, definitions[name]);
  text += '\n// Aliases: <Package><Version><Type> for every definition, and <Type> where unambiguous.\n';
  const aliases = buildTypeAliases(names);
  for (const alias of [...aliases.keys()].sort(compareStrings)) {
    text += `export type ${alias} = ${fullTypeName(aliases.get(alias)!)};\n`;
  }
  return text;
}
