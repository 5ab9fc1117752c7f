// Why a warehouse could not serve a reader, for the services to answer in the API's terms.

/** A run holds the project's warehouse (DuckDB admits one writer, and no reader beside it). */
export class WarehouseBusyError extends Error {
  constructor(readonly project: string) {
    super(`the warehouse of project "${project}" is in use by a run`);
    this.name = 'WarehouseBusyError';
  }
}

export class WarehouseMissingError extends Error {
  constructor(readonly project: string) {
    super(`project "${project}" has no warehouse yet: none of its runs has started`);
    this.name = 'WarehouseMissingError';
  }
}

export class QueryTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`the query ran past the ${limitMs} ms time limit and was stopped`);
    this.name = 'QueryTimeoutError';
  }
}
