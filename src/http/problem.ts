import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldProblem } from '../shared/errors.js';

/** RFC 9457 problem details: every error a client sees has this shape and a stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  // The core members come last so an extra field can never change the status or code.
  return {
    ...extra,
    type: `https://arbiter.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json').send(p);
}

/** Fastify's own client errors, by their codes, mapped to our stable codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_RATE_LIMIT_EXCEEDED: 'rate_limited',
};

/** PostgreSQL errors a client's input can trigger, as 4xx instead of 500. */
function fromDatabaseError(err: { code?: string; constraint?: string; detail?: string }): Problem | null {
  switch (err.code) {
    case '23505':
      return problem(409, 'duplicate', 'This already exists.', err.constraint ? { constraint: err.constraint } : {});
    case '23503':
      return problem(422, 'reference_not_found', 'A referenced record does not exist.');
    case '23514':
      return problem(422, 'constraint_violated', 'The change breaks a rule of the data.', err.constraint ? { constraint: err.constraint } : {});
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return problem(400, 'invalid_value', 'A value is not valid for its field.');
    case '40001':
    case '40P01':
    case '55P03':
      return problem(409, 'concurrent_update', 'Someone else changed this at the same time; try again.');
    default:
      return null;
  }
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return sendProblem(reply, problem(error.status, error.code, error.message, { ...error.extra, instance: request.url }));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as unknown as { validationContext?: string }).validationContext ?? 'body';
    const errors: FieldProblem[] = error.validation.map((v) => {
      const p = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      // `rule` is the validator's stable name for what failed (too_small, invalid_type, …), for clients to translate.
      return { field: p ? `${where}.${p}` : where, message: v.message ?? 'is invalid', rule: v.keyword };
    });
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return sendProblem(reply, problem(400, 'validation_failed', `Invalid request: ${summary}`, { errors, instance: request.url }));
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendProblem(reply, problem(500, 'internal_error', 'Something went wrong on our side.'));
  }
  const dbProblem = fromDatabaseError(error as never);
  if (dbProblem) return sendProblem(reply, { ...dbProblem, instance: request.url });
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = FASTIFY_CODES[error.code] ?? (status === 429 ? 'rate_limited' : 'bad_request');
    const detail =
      code === 'malformed_json'
        ? 'The body is not valid JSON.'
        : code === 'body_too_large'
          ? 'The request body is too large.'
          : code === 'unsupported_media_type'
            ? `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted here.`
            : error.message;
    return sendProblem(reply, problem(status, code, detail, { instance: request.url }));
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, problem(500, 'internal_error', 'Something went wrong on our side.'));
}
