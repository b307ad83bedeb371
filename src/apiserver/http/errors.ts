// Status errors the server itself raises for paths and methods, worded as upstream's
// genericapiserver (the resource-specific ones live in machinery/errors).
import { StatusError } from '../../machinery/index.js';

const failure = (code: number, reason: string, message: string) =>
  new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details: {}, code });

/** 404 for a path nothing is served at. */
export const pageNotFound = () => failure(404, 'NotFound', 'the server could not find the requested resource');

/** 405 for a method the path does not take. */
export const serverMethodNotAllowed = () => failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
