// Plugin results, as upstream's framework.Status: a code, the reasons (each counted separately in
// the "0/N nodes are available" message) and the plugin that said it. `undefined` means success,
// so the hot path allocates nothing for nodes that pass.
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error' | 'Skip';

export interface Status {
  code: StatusCode;
  reasons: string[];
  plugin?: string;
}

export type Result = Status | undefined;

export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}

export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

/** A status made once and shared by every node that gets it (the hot path allocates nothing). */
export function constantStatus(code: 'Unschedulable' | 'UnschedulableAndUnresolvable', reason: string): Status {
  return Object.freeze({ code, reasons: Object.freeze([reason]) as string[] });
}

export function errorStatus(message: string): Status {
  return { code: 'Error', reasons: [message] };
}

export const skip: Status = Object.freeze({ code: 'Skip', reasons: [] }) as Status;

export function isRejection(status: Result): boolean {
  return status !== undefined && (status.code === 'Unschedulable' || status.code === 'UnschedulableAndUnresolvable');
}

export function statusMessage(status: Status): string {
  return status.reasons.join(', ');
}
