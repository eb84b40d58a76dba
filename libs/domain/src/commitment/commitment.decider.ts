import { principalLeaderOn } from '../institution/institution.queries';
import { DomainError } from '../shared/domain-error';
import {
  AMENDMENT_REASONS,
  COMMITMENT_KINDS,
  DOMAINS,
  LAWFUL_AMENDMENT_REASONS,
  PUBLICATION_CHANNELS,
  SEVERITIES,
} from '../shared/enums';
import { assertNotInFuture, assertUscc, checks } from '../shared/validation';
import { BusinessDate, maxDate } from '../values/business-date';
import {
  AmendCommitment,
  BreachCommitment,
  CommitmentCommand,
  CommitmentDecisionContext,
  FulfilCommitment,
  MakeCommitment,
} from './commitment.commands';
import { CommitmentEvent } from './commitment.events';
import { CommitmentState, MadeCommitment, evolveCommitment, initialCommitmentState } from './commitment.state';

/** Stream `commitment-{commitmentId}`. */
export function decideCommitment(
  command: CommitmentCommand,
  state: CommitmentState,
  context: CommitmentDecisionContext,
): CommitmentEvent[] {
  switch (command.type) {
    case 'MakeCommitment':
      return makeCommitment(command, state, context);
    case 'FulfilCommitment':
      return fulfil(command, requireOpen(state));
    case 'BreachCommitment':
      return breach(command, requireOpen(state));
    case 'AmendCommitment':
      return amend(command, requireOpen(state));
    default: {
      const unexpected: never = command;
      throw new DomainError('VALIDATION_FAILED', `unknown command ${(unexpected as { type: string }).type}`);
    }
  }
}

export const commitmentDecider = {
  decide: decideCommitment,
  evolve: evolveCommitment,
  initialState: initialCommitmentState,
};

function requireOpen(state: CommitmentState): MadeCommitment {
  if (state.status !== 'MADE') throw new DomainError('NOT_FOUND', 'commitment not found');
  if (state.outcome.kind !== 'OPEN') {
    throw new DomainError('COMMITMENT_NOT_OPEN', `commitment is already ${state.outcome.kind.toLowerCase()}`);
  }
  return state;
}

function makeCommitment(
  { data, today }: MakeCommitment,
  state: CommitmentState,
  { institution }: CommitmentDecisionContext,
): CommitmentEvent[] {
  assertUscc('institutionUscc', data.institutionUscc);
  const c = checks()
    .id('commitmentId', data.commitmentId)
    .oneOf('kind', data.kind, COMMITMENT_KINDS)
    .oneOf('domain', data.domain, DOMAINS)
    .text('title', data.title, 500)
    .text('content', data.content)
    .personId('signedBy', data.signedBy)
    .date('madeOn', data.madeOn)
    .date('dueOn', data.dueOn)
    .notBefore('dueOn', data.dueOn, 'madeOn', data.madeOn);
  if (!Array.isArray(data.channels) || data.channels.length === 0) {
    c.fail('channels', 'must name at least one publication channel');
  } else {
    data.channels.forEach((ch, i) => c.oneOf(`channels[${i}]`, ch, PUBLICATION_CHANNELS));
  }
  c.done();
  assertNotInFuture({ madeOn: data.madeOn }, today);
  if (state.status !== 'NONE') throw new DomainError('CONFLICT', `commitment ${data.commitmentId} already exists`);
  if (institution.status !== 'REGISTERED' || institution.uscc !== data.institutionUscc) {
    throw new DomainError('SUBJECT_NOT_FOUND', `institution ${data.institutionUscc} is not registered`);
  }
  // 公开承诺 are signed by the principal leader in office on madeOn, nobody else (domain.md §4.2).
  const leader = principalLeaderOn(institution, data.madeOn);
  if (leader?.personId !== data.signedBy) {
    throw new DomainError(
      'SIGNATORY_NOT_PRINCIPAL_LEADER',
      `${data.signedBy} was not the principal leader on ${data.madeOn}`,
      { principalLeaderOn: leader?.personId ?? null },
    );
  }
  const { commitmentId, institutionUscc, kind, domain, title, content, signedBy, madeOn, dueOn } = data;
  const channels = [...new Set(data.channels)];
  return [
    {
      type: 'CommitmentMade',
      data: { commitmentId, institutionUscc, kind, domain, title, content, signedBy, madeOn, dueOn, channels },
    },
  ];
}

/** The date of the latest amendment by valid time (amendments may be back-entered out of order). */
function latestAmendmentOn(state: MadeCommitment): BusinessDate | undefined {
  return state.amendments.length > 0 ? state.amendments.map((a) => a.on).reduce(maxDate) : undefined;
}

function fulfil({ data, today }: FulfilCommitment, state: MadeCommitment): CommitmentEvent[] {
  checks()
    .date('on', data.on)
    .text('evidence', data.evidence)
    .notBefore('on', data.on, 'madeOn', state.madeOn)
    // The commitment was still being amended then: it cannot have been fulfilled before that.
    .notBefore('on', data.on, 'the latest amendment’s on', latestAmendmentOn(state))
    .done();
  assertNotInFuture({ on: data.on }, today);
  return [{ type: 'CommitmentFulfilled', data: { commitmentId: state.commitmentId, on: data.on, evidence: data.evidence } }];
}

function breach({ data, today }: BreachCommitment, state: MadeCommitment): CommitmentEvent[] {
  const c = checks()
    .id('recordId', data.recordId)
    .date('on', data.on)
    .notBefore('on', data.on, 'madeOn', state.madeOn)
    .notBefore('on', data.on, 'the latest amendment’s on', latestAmendmentOn(state))
    .text('description', data.description)
    .text('documentNo', data.documentNo, 200)
    .text('authority', data.authority, 200);
  if (data.severity !== undefined) c.oneOf('severity', data.severity, SEVERITIES);
  c.done();
  assertNotInFuture({ on: data.on }, today);
  const { recordId, on, description, documentNo, authority } = data;
  return [
    {
      type: 'CommitmentBreached',
      data: {
        commitmentId: state.commitmentId,
        recordId,
        on,
        description,
        documentNo,
        authority,
        // A breach is a GENERAL failing unless the credit office says otherwise (domain.md §4.2).
        severity: data.severity ?? 'GENERAL',
      },
    },
  ];
}

function amend({ data, today }: AmendCommitment, state: MadeCommitment): CommitmentEvent[] {
  const c = checks()
    .date('on', data.on)
    .notBefore('on', data.on, 'madeOn', state.madeOn)
    .oneOf('reasonCategory', data.reasonCategory, AMENDMENT_REASONS)
    .optionalDate('newDueOn', data.newDueOn)
    .notBefore('newDueOn', data.newDueOn, 'madeOn', state.madeOn)
    // A new due date runs from the amendment that sets it, not from before it.
    .notBefore('newDueOn', data.newDueOn, 'on', data.on)
    .optionalText('newContent', data.newContent)
    .optionalText('compensation', data.compensation);
  if (typeof data.legalBasis !== 'string') c.fail('legalBasis', 'must be a string');
  c.done();
  assertNotInFuture({ on: data.on }, today);
  // 新官不理旧账: a change of leader or of government term never excuses a promise.
  if (!(LAWFUL_AMENDMENT_REASONS as readonly string[]).includes(data.reasonCategory)) {
    throw new DomainError(
      'LEADERSHIP_CHANGE_IS_NOT_A_LAWFUL_REASON',
      `${data.reasonCategory} is not a lawful reason to change a commitment`,
    );
  }
  const lawful = checks().text('legalBasis', data.legalBasis);
  // An amendment changes the terms: the due date, the content or both. Compensation goes with a
  // change (domain.md §4.2: "compensation may be recorded"); on its own it changes nothing.
  // Amendments may be back-entered before one already recorded: they count by their `on` date
  // (dueOnAsOf), so `on` is not held to the latest amendment's.
  if (data.newDueOn === undefined && data.newContent === undefined) {
    lawful
      .fail('newDueOn', 'or newContent must be given: an amendment changes the due date, the content or both')
      .fail('newContent', 'or newDueOn must be given: an amendment changes the due date, the content or both');
  }
  lawful.done();
  const { on, reasonCategory, legalBasis, newDueOn, newContent, compensation } = data;
  return [
    {
      type: 'CommitmentAmended',
      data: {
        commitmentId: state.commitmentId,
        on,
        reasonCategory,
        legalBasis,
        ...(newDueOn !== undefined && { newDueOn }),
        ...(newContent !== undefined && { newContent }),
        ...(compensation !== undefined && { compensation }),
      },
    },
  ];
}
