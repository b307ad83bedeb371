// Field tables of meta.k8s.io/v1 messages (ObjectMeta, selectors, DeleteOptions); format in messages.ts.
export const META_TABLES: Record<string, string> = {
  ObjectMeta:
    'name=1:string generateName=2:string namespace=3:string selfLink=4:string uid=5:string resourceVersion=6:string ' +
    'generation=7:int creationTimestamp=8:Time deletionTimestamp=9:Time? deletionGracePeriodSeconds=10:int? ' +
    'labels=11:map<string> annotations=12:map<string> ownerReferences=13:[]OwnerReference finalizers=14:[]string ' +
    'managedFields=17:[]ManagedFieldsEntry',
  OwnerReference: 'kind=1:string name=3:string uid=4:string apiVersion=5:string controller=6:bool? blockOwnerDeletion=7:bool?',
  ManagedFieldsEntry:
    'manager=1:string operation=2:string apiVersion=3:string time=4:Time? fieldsType=6:string fieldsV1=7:FieldsV1? ' +
    'subresource=8:string',
  LabelSelector: 'matchLabels=1:map<string> matchExpressions=2:[]LabelSelectorRequirement',
  LabelSelectorRequirement: 'key=1:string operator=2:string values=3:[]string',
  DeleteOptions:
    'gracePeriodSeconds=1:int? preconditions=2:Preconditions? orphanDependents=3:bool? propagationPolicy=4:string? ' +
    'dryRun=5:[]string ignoreStoreReadErrorWithClusterBreakingPotential=6:bool?',
  Preconditions: 'uid=1:string? resourceVersion=2:string?',
  FieldSelectorRequirement: 'key=1:string operator=2:string values=3:[]string',
};
