// The built-in resources of the generated catalog as ServedResources (schemas resolved through the
// catalog's definitions). CRDs are added to the same registry at run time by crd/.
import { definition, resources, type SchemaNode } from '../api/index.js';
import { createSchemaWalker, type SchemaWalker } from '../machinery/index.js';
import { ServedResources } from './served-resources.js';

/**
 * Built-in types that are free-form in Go (FieldsV1, RawExtension, apiextensions JSON) are published
 * as bare `{type: object}` or untyped nodes; without this they would look like "no fields allowed"
 * to pruning and validation.
 */
function freeFormWhenUndeclared(node: SchemaNode | undefined): SchemaNode | undefined {
  if (node === undefined || node.properties !== undefined || node.additionalProperties !== undefined || node.items !== undefined) return node;
  if (node.type === 'object' || (node.type === undefined && !node.intOrString && node.allOf === undefined && node.anyOf === undefined && node.oneOf === undefined)) {
    // One free-form copy per node, so schema nodes keep a stable identity (callers cache by it).
    let freeForm = freeFormCopies.get(node);
    if (freeForm === undefined) {
      freeForm = { ...node, preserveUnknownFields: true };
      freeFormCopies.set(node, freeForm);
    }
    return freeForm;
  }
  return node;
}

const freeFormCopies = new WeakMap<SchemaNode, SchemaNode>();

export function builtinWalker(): SchemaWalker {
  const walker = createSchemaWalker((ref) => definition(ref));
  return {
    resolve: (node) => freeFormWhenUndeclared(walker.resolve(node)),
    field: (node, key) => freeFormWhenUndeclared(walker.field(node, key)),
    items: (node) => freeFormWhenUndeclared(walker.items(node)),
  };
}

export function builtinServedResources(): ServedResources {
  const served = new ServedResources();
  const walker = builtinWalker();
  for (const info of resources) served.add({ info, schema: { $ref: info.definition }, walker });
  return served;
}
