/**
 * Errors every use-case may raise. The HTTP layer turns them into RFC 9457 problem+json with a stable
 * machine `code`; anything else becomes a generic 500 without internals.
 */
export interface FieldProblem {
  field: string;
  message: string;
  rule?: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(400, code, message, extra);
export const unauthenticated = (message = 'Sign in first.') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'You may not do this.', code = 'forbidden') => new AppError(403, code, message);
/** Used for ids the actor may not see too, so existence never leaks. */
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(409, code, message, extra);
export const unprocessable = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(422, code, message, extra);

export function validationError(problems: FieldProblem[]): AppError {
  const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new AppError(400, 'validation_failed', `Invalid request: ${summary}`, { errors: problems });
}
