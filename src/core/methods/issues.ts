/** Validation problems of decoding settings, shaped so every front end can name a setting its own way. */

/**
 * One invalid setting. `field` is its path ('sampling.topP', 'cgrs.triggerWords'); `problem` says what is
 * wrong without naming it ("must be a number in (0, 1]; got 2"), so each front end can name it its own way
 * (the page by its label, the CLI by its flag); `message` is `field` + `problem`.
 */
export interface ParamIssue {
  readonly field: string;
  readonly problem: string;
  readonly message: string;
}

export function issue(field: string, problem: string): ParamIssue {
  return { field, problem, message: `${field} ${problem}` };
}

/** Invalid decoding parameters. `field` and the first line of `message` name the first invalid setting; `issues` lists all. */
export class ParamError extends Error {
  override readonly name = 'ParamError';
  readonly field: string;
  readonly issues: readonly ParamIssue[];

  constructor(issues: readonly ParamIssue[]) {
    const first = issues[0] ?? issue('params', 'are invalid');
    super(issues.length <= 1 ? first.message : issues.map((i) => i.message).join('; '));
    this.field = first.field;
    this.issues = issues;
  }
}
