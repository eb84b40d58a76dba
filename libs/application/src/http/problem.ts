import { HttpException } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem details with the ledger's stable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The members RFC 9457 and api.md give a meaning; an extension (a rule's details) never replaces them. */
const STANDARD_MEMBERS = ['type', 'title', 'status', 'code', 'detail'] as const;

export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): ProblemDetails {
  const clashing = STANDARD_MEMBERS.filter((name) => name in extensions);
  if (clashing.length > 0) {
    // A detail named like a standard member (a ban's `status`, say) once replaced the HTTP status
    // in the body and turned a 422 into a 500. Keep the standard member; the detail stays under `<name>Detail`.
    extensions = { ...extensions };
    for (const name of clashing) {
      extensions[`${name}Detail`] = extensions[name];
      delete extensions[name];
    }
  }
  return {
    type: `https://ledger.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...extensions,
  };
}

/** Thrown anywhere in the HTTP layer to answer with a given problem. */
export class ProblemException extends HttpException {
  constructor(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(problem(status, code, detail, extensions), status);
  }

  get problem(): ProblemDetails {
    return this.getResponse() as ProblemDetails;
  }
}
