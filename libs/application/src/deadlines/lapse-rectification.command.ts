/** Sent by the deadline watcher for an order whose deadline day has ended. */
export class LapseRectificationCommand {
  constructor(
    readonly recordId: string,
    readonly orderId: string,
  ) {}
}

export interface LapseOutcome {
  /** True when this command wrote the lapse (false: not due, or another sweep already did). */
  lapsed: boolean;
  position?: string;
}
