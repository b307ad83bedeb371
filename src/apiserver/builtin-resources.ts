// The built-in resources of the generated catalog as ServedResources (schemas resolved through the
// catalog's definitions). CRDs are added to the same registry at run time by crd/.
import { definition, resources } from '../api/index.js';
import { createSchemaWalker } from '../machinery/index.js';
import { ServedResources } from './served-resources.js';

export function builtinServedResources(): ServedResources {
  const served = new ServedResources();
  const walker = createSchemaWalker((ref) => definition(ref));
  for (const info of resources) served.add({ info, schema: { $ref: info.definition }, walker });
  return served;
}
