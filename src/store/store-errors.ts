import { BackendError, ConflictError, NotFoundError, SquallError, errorMessage } from '../common/errors.js';

/**
 * Turns a driver's error into a Squall error: a duplicate key becomes a ConflictError, anything
 * else a BackendError; Squall errors raised by the store's own code pass through.
 */
export function storeError(driver: string, action: string, error: unknown, duplicate: boolean): SquallError {
  if (error instanceof SquallError) return error;
  if (duplicate) {
    return new ConflictError(`store (${driver}): ${action}: a record with this id already exists`, {
      code: 'E_STORE_DUPLICATE',
      cause: error,
    });
  }
  return new BackendError(`store (${driver}): ${action} failed: ${errorMessage(error)}`, {
    code: 'E_STORE',
    cause: error,
  });
}

export function closedStoreError(driver: string): BackendError {
  return new BackendError(`store (${driver}): the store is closed; open a new one`, {
    code: 'E_STORE_CLOSED',
  });
}

/** The rejection of an update to a record that does not exist. */
export function notFound(what: string, id: string): NotFoundError {
  return new NotFoundError(`store: ${what} ${id} does not exist`, { code: 'E_STORE_NOT_FOUND' });
}
