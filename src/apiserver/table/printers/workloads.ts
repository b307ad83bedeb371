// Controllers of pods: deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs.
import { ageSince, humanDuration } from '../age.js';
import { column, containersAndImages, formatLabelSelector, formatLabels, list, metadataOf, nameColumn, num, obj, str, type Obj } from '../cells.js';
import type { Printer } from './types.js';

const wideTemplateColumns = () => [column('Containers', 'string', 1), column('Images', 'string', 1), column('Selector', 'string', 1)];

function templateCells(object: Obj): [string, string, string] {
  const spec = obj(object.spec);
  const [containers, images] = containersAndImages(obj(obj(spec.template).spec));
  return [containers, images, formatLabelSelector(spec.selector)];
}

const age = (object: Obj, now: Date) => ageSince(metadataOf(object).creationTimestamp, now);
const name = (object: Obj) => str(metadataOf(object).name);
const specReplicas = (object: Obj) => {
  const replicas = obj(object.spec).replicas;
  return typeof replicas === 'number' ? replicas : 1;
};

export const deploymentPrinter: Printer = {
  columns: [nameColumn(), column('Ready'), column('Up-to-date', 'integer'), column('Available', 'integer'), column('Age'), ...wideTemplateColumns()],
  cells(object, now) {
    const status = obj(object.status);
    return [
      name(object),
      `${num(status.readyReplicas)}/${specReplicas(object)}`,
      num(status.updatedReplicas),
      num(status.availableReplicas),
      age(object, now),
      ...templateCells(object),
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [nameColumn(), column('Desired', 'integer'), column('Current', 'integer'), column('Ready', 'integer'), column('Age'), ...wideTemplateColumns()],
  cells(object, now) {
    const status = obj(object.status);
    return [name(object), specReplicas(object), num(status.replicas), num(status.readyReplicas), age(object, now), ...templateCells(object)];
  },
};

export const replicationControllerPrinter: Printer = replicaSetPrinter;

export const statefulSetPrinter: Printer = {
  columns: [nameColumn(), column('Ready'), column('Age'), column('Containers', 'string', 1), column('Images', 'string', 1)],
  cells(object, now) {
    const status = obj(object.status);
    const [containers, images] = templateCells(object);
    return [name(object), `${num(status.readyReplicas)}/${specReplicas(object)}`, age(object, now), containers, images];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer'),
    column('Current', 'integer'),
    column('Ready', 'integer'),
    column('Up-to-date', 'integer'),
    column('Available', 'integer'),
    column('Node Selector'),
    column('Age'),
    ...wideTemplateColumns(),
  ],
  cells(object, now) {
    const status = obj(object.status);
    return [
      name(object),
      num(status.desiredNumberScheduled),
      num(status.currentNumberScheduled),
      num(status.numberReady),
      num(status.updatedNumberScheduled),
      num(status.numberAvailable),
      formatLabels(obj(obj(obj(object.spec).template).spec).nodeSelector),
      age(object, now),
      ...templateCells(object),
    ];
  },
};

const hasCondition = (object: Obj, type: string) => list(obj(object.status).conditions).some((c) => c.type === type && c.status === 'True');

function jobStatusText(job: Obj): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (metadataOf(job).deletionTimestamp !== undefined) return 'Terminating';
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  return 'Running';
}

function jobCompletions(job: Obj): string {
  const spec = obj(job.spec);
  const succeeded = num(obj(job.status).succeeded);
  if (typeof spec.completions === 'number') return `${succeeded}/${spec.completions}`;
  const parallelism = num(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Obj, now: Date): string {
  const status = obj(job.status);
  const start = Date.parse(str(status.startTime));
  if (Number.isNaN(start)) return '';
  const completion = Date.parse(str(status.completionTime));
  return humanDuration((Number.isNaN(completion) ? now.getTime() : completion) - start);
}

export const jobPrinter: Printer = {
  columns: [nameColumn(), column('Status'), column('Completions'), column('Duration'), column('Age'), ...wideTemplateColumns()],
  cells(object, now) {
    return [name(object), jobStatusText(object), jobCompletions(object), jobDuration(object, now), age(object, now), ...templateCells(object)];
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Schedule'),
    column('Timezone'),
    column('Suspend', 'boolean'),
    column('Active', 'integer'),
    column('Last Schedule'),
    column('Age'),
    ...wideTemplateColumns(),
  ],
  cells(object, now) {
    const spec = obj(object.spec);
    const status = obj(object.status);
    const jobSpec = obj(obj(spec.jobTemplate).spec);
    const [containers, images] = containersAndImages(obj(obj(jobSpec.template).spec));
    const last = str(status.lastScheduleTime);
    return [
      name(object),
      str(spec.schedule),
      str(spec.timeZone) || '<none>',
      spec.suspend === true ? 'True' : spec.suspend === false ? 'False' : '<unset>',
      list(status.active).length,
      last === '' ? '<none>' : ageSince(last, now),
      age(object, now),
      containers,
      images,
      formatLabelSelector(jobSpec.selector),
    ];
  },
};
