/**
 * Stream `record-{recordId}`: the record and everything that happens to it — rectification,
 * lapse, listing, award ban, accountability, mitigation, objections, corrections, repair.
 * Each rule lives in its own file, named after it; this file only dispatches.
 */
import { DomainError } from '../shared/domain-error';
import { decideAccountability, decideMitigation, reassignAccountability } from './accountability.rules';
import { liftAwardBanEarly } from './award-ban.rules';
import { decideObjection, fileObjection } from './objection.rules';
import { RecordCommand, RecordDecisionContext } from './record.commands';
import { recordDishonesty } from './record-dishonesty.rule';
import { RecordEvent } from './record.events';
import { RecordState, evolveRecord, initialRecordState } from './record.state';
import { lapseRectificationDeadline } from './rectification-lapse.rule';
import { orderRectification, reportRectification, reviewRectification } from './rectification.rules';
import { applyForRepair, decideRepair } from './repair.rules';
import { cancelRevokedLapseObligations } from './revoked-lapse-obligations.rule';

export function decideRecord(command: RecordCommand, state: RecordState, context: RecordDecisionContext): RecordEvent[] {
  switch (command.type) {
    case 'RecordDishonesty':
      return recordDishonesty(command, state, context);
    case 'OrderRectification':
      return orderRectification(command, state);
    case 'ReportRectification':
      return reportRectification(command, state);
    case 'ReviewRectification':
      return reviewRectification(command, state);
    case 'LapseRectificationDeadline':
      return lapseRectificationDeadline(command, state, context);
    case 'ReassignAccountability':
      return reassignAccountability(command, state, context);
    case 'CancelRevokedLapseObligations':
      return cancelRevokedLapseObligations(command, state);
    case 'DecideAccountability':
      return decideAccountability(command, state, context);
    case 'DecideMitigation':
      return decideMitigation(command, state);
    case 'FileObjection':
      return fileObjection(command, state);
    case 'DecideObjection':
      return decideObjection(command, state);
    case 'ApplyForRepair':
      return applyForRepair(command, state);
    case 'DecideRepair':
      return decideRepair(command, state);
    case 'LiftAwardBanEarly':
      return liftAwardBanEarly(command, state);
    default: {
      const unexpected: never = command;
      throw new DomainError('VALIDATION_FAILED', `unknown command ${(unexpected as { type: string }).type}`);
    }
  }
}

export const recordDecider = {
  decide: decideRecord,
  evolve: evolveRecord,
  initialState: initialRecordState,
};
