/**
 * Squall's typed errors. Every error has a stable `code` that scripts and the API can rely on,
 * and a message that names the component, the file (when there is one) and the fix.
 */
export interface SourceLocation {
  file: string;
  /** 1-based line, when known. */
  line?: number;
}

export interface SquallErrorOptions {
  cause?: unknown;
  location?: SourceLocation;
  details?: Record<string, unknown>;
}

export class SquallError extends Error {
  readonly code: string;
  readonly location?: SourceLocation;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: SquallErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.location) this.location = options.location;
    if (options.details) this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.location ? { location: this.location } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Content or input that does not validate: a rule, an action's metadata, a payload, parameters. */
export class ValidationError extends SquallError {
  constructor(message: string, options: SquallErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'E_VALIDATION', message, options);
  }
}

/** Input over a size bound (a payload, a body): HTTP 413. A ValidationError, so it is refused alike. */
export class PayloadTooLargeError extends ValidationError {
  constructor(message: string, options: SquallErrorOptions & { code?: string } = {}) {
    super(message, { ...options, code: options.code ?? 'E_PAYLOAD_TOO_LARGE' });
  }
}

/** A referenced thing (action, rule, execution, key, pack) does not exist. */
export class NotFoundError extends SquallError {
  constructor(message: string, options: SquallErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'E_NOT_FOUND', message, options);
  }
}

/** The operation conflicts with the current state (an immutable parameter, a held lock). */
export class ConflictError extends SquallError {
  constructor(message: string, options: SquallErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'E_CONFLICT', message, options);
  }
}

/** The caller is not allowed to do this (missing API key, bad webhook signature). */
export class AuthError extends SquallError {
  constructor(message: string, options: SquallErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'E_AUTH', message, options);
  }
}

/**
 * Credentials were given and refused (a wrong API key): HTTP 403, where an AuthError without
 * credentials is 401. A subclass, so `instanceof AuthError` still catches it.
 */
export class ForbiddenError extends AuthError {
  constructor(message: string, options: SquallErrorOptions & { code?: string } = {}) {
    super(message, { ...options, code: options.code ?? 'E_FORBIDDEN' });
  }
}

/** Failed in a way that retrying will not fix. */
export class NonRetriableError extends SquallError {
  constructor(message: string, options: SquallErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'E_NON_RETRIABLE', message, options);
  }
}

/** A backend (store, queue, git) failed; retrying may help. */
export class BackendError extends SquallError {
  constructor(message: string, options: SquallErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'E_BACKEND', message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "file:line: " prefix for messages about content. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  return location.line === undefined ? `${location.file}: ` : `${location.file}:${location.line}: `;
}
