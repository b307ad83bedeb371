// The fields of metav1.ObjectMeta. At an object's root (and in embedded resources) metadata is
// ObjectMeta whatever the schema says: a CRD schema may only narrow name/generateName, so unknown
// metadata fields are judged against this list, not against the (partial) schema.
export const objectMetaFields: ReadonlySet<string> = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);
