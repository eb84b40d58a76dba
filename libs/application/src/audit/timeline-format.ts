import type { StateChange } from './state-diff';
import type { LoadedHistory } from './subject-history';
import { toSubjectHistory } from './subject-history';
import type { ReplayStep, SubjectReplay } from './subject-replay';

const MAX_VALUE = 160;

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A value as one line of compact JSON, cut short when long (the JSON format has it whole). */
function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function changeLine(change: StateChange): string {
  const path = change.path === '' ? '(state)' : change.path;
  if (!('before' in change)) return `       + ${path}: ${show(change.after)}`;
  if (!('after' in change)) return `       - ${path}: ${show(change.before)}`;
  return `       ~ ${path}: ${show(change.before)} → ${show(change.after)}`;
}

function whyLine(step: ReplayStep): string {
  const { why } = step;
  const parts = [why.actor ? `by ${why.actor.sub} (${why.actor.role})` : 'by an unknown actor'];
  if (why.causedBy) parts.push(`reacting to #${why.causedBy.position} ${why.causedBy.type} in ${why.causedBy.streamId}`);
  else if (why.commandId) parts.push(`command ${why.commandId}`);
  if (why.correlationId && why.correlationId !== why.commandId) parts.push(`correlation ${why.correlationId}`);
  return `       ${parts.join(' · ')}`;
}

/**
 * The human timeline of `ledger replay --format table`: a header, then for every event its
 * position, instant, stream@revision and type, why it happened, and what it changed.
 */
export function renderTimeline(history: LoadedHistory, replay: SubjectReplay): string {
  const summary = toSubjectHistory(history);
  const broken = summary.streams.filter((s) => !s.verified);
  const lines: string[] = [
    `History of ${summary.subject.kind} ${summary.subject.id}${summary.knownAt ? ` as known at ${summary.knownAt}` : ''}: ` +
      `${plural(replay.steps.length, 'event')} in ${plural(summary.streams.length, 'stream')}, as of log position ${summary.asOf.position}`,
    broken.length === 0
      ? `Chains: every hash and link of ${summary.streams.length === 1 ? 'the stream' : `all ${summary.streams.length} streams`} checks out`
      : `Chains: ${broken.length} of ${summary.streams.length} streams do NOT check out: ` +
        broken.map((s) => `${s.streamId} (${s.problem}${s.firstBadPosition === undefined ? '' : ` at position ${s.firstBadPosition}`})`).join(', '),
    ...(summary.log.anchored
      ? [
          summary.log.verified
            ? 'Log: every event sits where it stands in the log digest chain'
            : `Log: does NOT check out: ${summary.log.problem}${summary.log.firstBadPosition === undefined ? '' : ` at position ${summary.log.firstBadPosition}`}: ${summary.log.detail}`,
        ]
      : []),
    '',
  ];
  for (const step of replay.steps) {
    lines.push(`#${step.position.padEnd(6)} ${step.recordedAt}  ${step.streamId}@${step.revision}  ${step.type}`);
    lines.push(whyLine(step));
    if (step.note) lines.push(`       ! ${step.note}`);
    for (const change of step.changes) lines.push(changeLine(change));
  }
  lines.push('');
  return lines.join('\n');
}

/** `ledger replay --format json`: the checked history summary, every step with its state, and the final states. */
export function timelineJson(history: LoadedHistory, replay: SubjectReplay): string {
  const { events: _events, ...summary } = toSubjectHistory(history);
  return `${JSON.stringify({ ...summary, steps: replay.steps, finalStates: replay.finalStates }, null, 2)}\n`;
}
