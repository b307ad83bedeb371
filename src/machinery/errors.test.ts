import { describe, expect, it } from 'vitest';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  gone,
  internalError,
  invalid,
  methodNotAllowed,
  notAcceptable,
  notFound,
  requestEntityTooLarge,
  StatusError,
  toStatus,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
} from './errors.js';
import { fieldInvalid, fieldRequired } from './field-errors.js';

describe('status errors', () => {
  it('notFound names the resource and object as upstream', () => {
    expect(notFound('pods', 'x').status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "x" not found',
      reason: 'NotFound',
      details: { name: 'x', kind: 'pods' },
      code: 404,
    });
  });

  it('qualifies grouped resources', () => {
    const status = notFound({ group: 'apps', resource: 'deployments' }, 'web').status;
    expect(status.message).toBe('deployments.apps "web" not found');
    expect(status.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
  });

  it('alreadyExists and conflict', () => {
    expect(alreadyExists('pods', 'x').status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "x" already exists' });
    expect(conflict('pods', 'x').status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('invalid carries causes with field paths', () => {
    const error = invalid('Pod', 'x', [fieldRequired('spec.containers[0].image')]);
    expect(error.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Pod "x" is invalid: spec.containers[0].image: Required value',
      reason: 'Invalid',
      details: {
        name: 'x',
        kind: 'Pod',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }],
      },
      code: 422,
    });
  });

  it('invalid with several errors lists them in brackets and qualifies the kind', () => {
    const error = invalid({ group: 'apps', kind: 'Deployment' }, 'web', [
      fieldRequired('spec.selector'),
      fieldInvalid('spec.replicas', -1, 'must be greater than or equal to 0'),
    ]);
    expect(error.status.message).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]',
    );
    expect(error.status.details?.group).toBe('apps');
  });

  it('codes and reasons of the other builders', () => {
    const cases: [StatusError, number, string][] = [
      [badRequest('bad'), 400, 'BadRequest'],
      [unauthorized(), 401, 'Unauthorized'],
      [forbidden('pods', 'x', 'User "bob" cannot get resource "pods"'), 403, 'Forbidden'],
      [methodNotAllowed('pods', 'watch'), 405, 'MethodNotAllowed'],
      [notAcceptable(['application/json']), 406, 'NotAcceptable'],
      [gone('too old resource version: 1 (5)'), 410, 'Expired'],
      [gone('gone', 'Gone'), 410, 'Gone'],
      [requestEntityTooLarge(3145728), 413, 'RequestEntityTooLarge'],
      [unsupportedMediaType(['application/json']), 415, 'UnsupportedMediaType'],
      [tooManyRequests(), 429, 'TooManyRequests'],
      [internalError(new Error('boom')), 500, 'InternalError'],
    ];
    for (const [error, code, reason] of cases) {
      expect(error).toBeInstanceOf(StatusError);
      expect([error.status.code, error.status.reason]).toEqual([code, reason]);
    }
    expect(forbidden('pods', 'x', 'no').message).toBe('pods "x" is forbidden: no');
    expect(forbidden('pods', '', 'no').message).toBe('pods is forbidden: no');
    expect(unauthorized().message).toBe('Unauthorized');
    expect(requestEntityTooLarge(10).message).toBe('Request entity too large: limit is 10');
  });

  it('toStatus passes Status errors through and wraps anything else as a 500', () => {
    expect(toStatus(notFound('pods', 'x')).code).toBe(404);
    expect(toStatus(new Error('disk full'))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: disk full',
      reason: 'InternalError',
      details: { causes: [{ message: 'disk full' }] },
      code: 500,
    });
    expect(toStatus('weird').message).toBe('Internal error occurred: weird');
  });
});
