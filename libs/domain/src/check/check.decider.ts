/** Stream `check-{checkId}`: 逢审必查 and its 联合奖惩 feedback (domain.md §4.8). */
import { DomainError } from '../shared/domain-error';
import { CHECK_MATTERS, SUBJECT_KINDS } from '../shared/enums';
import { assertNotInFuture, assertUscc, checks } from '../shared/validation';
import { BusinessDate } from '../values/business-date';
import { CheckCommand, CheckDecisionContext, GiveCheckFeedback, PerformCreditCheck } from './check.commands';
import { CheckEvent } from './check.events';
import { CheckFinding, CheckOutcome, CheckSubject, assessCredit, returnedMeasureCodes } from './credit-assessment';

export type CheckState =
  | { status: 'NONE' }
  | {
      status: 'PERFORMED';
      checkId: string;
      subject: CheckSubject;
      matter: string;
      on: BusinessDate;
      caseRef: string;
      outcome: CheckOutcome;
      findings: CheckFinding[];
      feedback?: { givenOn: BusinessDate; applied: string[]; notApplied: { code: string; reason: string }[] };
    };

export const initialCheckState = (): CheckState => ({ status: 'NONE' });

export function evolveCheck(state: CheckState, event: CheckEvent): CheckState {
  switch (event.type) {
    case 'CreditCheckPerformed':
      return { status: 'PERFORMED', ...event.data };
    case 'CheckFeedbackGiven': {
      if (state.status !== 'PERFORMED') return state;
      const { givenOn, applied, notApplied } = event.data;
      return { ...state, feedback: { givenOn, applied, notApplied } };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export function decideCheck(command: CheckCommand, state: CheckState, context: CheckDecisionContext): CheckEvent[] {
  switch (command.type) {
    case 'PerformCreditCheck':
      return performCreditCheck(command, state, context);
    case 'GiveCheckFeedback':
      return giveFeedback(command, state);
    default: {
      const unexpected: never = command;
      throw new DomainError('VALIDATION_FAILED', `unknown command ${(unexpected as { type: string }).type}`);
    }
  }
}

export const checkDecider = { decide: decideCheck, evolve: evolveCheck, initialState: initialCheckState };

function performCreditCheck({ data, today }: PerformCreditCheck, state: CheckState, context: CheckDecisionContext): CheckEvent[] {
  checks()
    .id('checkId', data.checkId)
    .oneOf('subject.kind', data.subject?.kind, SUBJECT_KINDS)
    .oneOf('matter', data.matter, CHECK_MATTERS)
    .date('on', data.on)
    .text('caseRef', data.caseRef, 200)
    .done();
  if (data.subject.kind === 'INSTITUTION') assertUscc('subject.id', data.subject.id);
  else checks().personId('subject.id', data.subject.id).done();
  assertNotInFuture({ on: data.on }, today);
  if (state.status !== 'NONE') throw new DomainError('CONFLICT', `check ${data.checkId} already exists`);
  if (!context.subjectKnown) throw new DomainError('SUBJECT_NOT_FOUND', `${data.subject.kind} ${data.subject.id} is not registered`);

  const subject = { kind: data.subject.kind, id: data.subject.id };
  const { outcome, findings } = assessCredit({ subject, matter: data.matter, on: data.on, records: context.records, commitments: context.commitments });
  return [
    {
      type: 'CreditCheckPerformed',
      data: { checkId: data.checkId, subject, matter: data.matter, on: data.on, caseRef: data.caseRef, outcome, findings },
    },
  ];
}

function giveFeedback({ data, today }: GiveCheckFeedback, state: CheckState): CheckEvent[] {
  const c = checks().date('today', today);
  if (!Array.isArray(data.applied)) c.fail('applied', 'must be a list of measure codes');
  if (!Array.isArray(data.notApplied)) c.fail('notApplied', 'must be a list of {code, reason}');
  c.done();
  const c2 = checks();
  data.applied.forEach((code, i) => c2.text(`applied[${i}]`, code, 64));
  data.notApplied.forEach((n, i) => c2.text(`notApplied[${i}].code`, n?.code, 64).text(`notApplied[${i}].reason`, n?.reason));
  c2.done();
  if (state.status !== 'PERFORMED') throw new DomainError('NOT_FOUND', `check ${data.checkId} not found`);
  if (state.feedback) throw new DomainError('FEEDBACK_ALREADY_GIVEN', 'feedback was already given for this check');

  const returned = returnedMeasureCodes(state.findings);
  const answered = [...data.applied, ...data.notApplied.map((n) => n.code)];
  const unknown = answered.filter((code) => !returned.includes(code));
  if (unknown.length > 0) {
    throw new DomainError('FEEDBACK_UNKNOWN_MEASURE', `measures not returned by this check: ${unknown.join(', ')}`, { codes: unknown });
  }
  const duplicated = answered.filter((code, i) => answered.indexOf(code) !== i);
  if (duplicated.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'each measure is answered once', {
      errors: duplicated.map((code) => ({ field: 'applied', message: `${code} answered more than once` })),
    });
  }
  const missing = returned.filter((code) => !answered.includes(code));
  if (missing.length > 0) {
    throw new DomainError('FEEDBACK_INCOMPLETE', `feedback must cover every returned measure; missing ${missing.join(', ')}`, { missing });
  }
  return [
    {
      type: 'CheckFeedbackGiven',
      data: {
        checkId: state.checkId,
        givenOn: today,
        applied: [...data.applied],
        notApplied: data.notApplied.map(({ code, reason }) => ({ code, reason })),
      },
    },
  ];
}
