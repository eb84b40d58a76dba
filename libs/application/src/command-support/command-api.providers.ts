import { Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LiftAwardBanEarlyHandler } from '../award-bans/lift-award-ban-early.handler';
import { AmendCommitmentHandler } from '../commitments/amend-commitment.handler';
import { BreachCommitmentHandler } from '../commitments/breach-commitment.handler';
import { BreachRecordOpener } from '../commitments/breach-record-opener';
import { CommitmentCommandRunner } from '../commitments/commitment-command-runner';
import { FulfilCommitmentHandler } from '../commitments/fulfil-commitment.handler';
import { GetCommitmentHandler } from '../commitments/get-commitment.handler';
import { MakeCommitmentHandler } from '../commitments/make-commitment.handler';
import { DesignateExemplarHandler } from '../exemplars/designate-exemplar.handler';
import { RevokeExemplarHandler } from '../exemplars/revoke-exemplar.handler';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { AppointPrincipalLeaderHandler } from '../leadership/appoint-principal-leader.handler';
import { PersonRegistrationLock } from '../leadership/person-registration-lock';
import { RegisterOfficialHandler } from '../leadership/register-official.handler';
import { ApplyForRepairHandler } from '../records/apply-for-repair.handler';
import { DecideAccountabilityHandler } from '../records/decide-accountability.handler';
import { DecideMitigationHandler } from '../records/decide-mitigation.handler';
import { DecideObjectionHandler } from '../records/decide-objection.handler';
import { DecideRepairHandler } from '../records/decide-repair.handler';
import { FileObjectionHandler } from '../records/file-objection.handler';
import { GetRecordHandler } from '../records/get-record.handler';
import { OrderRectificationHandler } from '../records/order-rectification.handler';
import { RecordCommandRunner } from '../records/record-command-runner';
import { RecordDishonestyHandler } from '../records/record-dishonesty.handler';
import { ReportRectificationHandler } from '../records/report-rectification.handler';
import { ReviewRectificationHandler } from '../records/review-rectification.handler';
import { StreamIndex } from '../stream-index/stream-index';
import { FoldedStreams } from './folded-streams';

/**
 * The command side of the HTTP API (leaders, officials, commitments, records, award bans,
 * exemplars), the GETs with ETags, and the idempotency store, as one list for ApplicationModule.
 */
export const COMMAND_API_PROVIDERS: Provider[] = [
  StreamIndex,
  FoldedStreams,
  IdempotencyStore,
  { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  CommitmentCommandRunner,
  RecordCommandRunner,
  BreachRecordOpener,
  PersonRegistrationLock,
  AppointPrincipalLeaderHandler,
  RegisterOfficialHandler,
  MakeCommitmentHandler,
  FulfilCommitmentHandler,
  BreachCommitmentHandler,
  AmendCommitmentHandler,
  GetCommitmentHandler,
  RecordDishonestyHandler,
  OrderRectificationHandler,
  ReportRectificationHandler,
  ReviewRectificationHandler,
  DecideAccountabilityHandler,
  DecideMitigationHandler,
  FileObjectionHandler,
  DecideObjectionHandler,
  ApplyForRepairHandler,
  DecideRepairHandler,
  GetRecordHandler,
  LiftAwardBanEarlyHandler,
  DesignateExemplarHandler,
  RevokeExemplarHandler,
];
