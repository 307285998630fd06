/** How much of a list to return, newest first. `limit` defaults to 50; 0 means no limit. */
export interface ListQuery {
  limit?: number;
  offset?: number;
}

export const DEFAULT_LIST_LIMIT = 50;
