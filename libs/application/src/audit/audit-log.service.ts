import { Inject, Injectable, Optional } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import {
  CorruptEventError,
  digestOfLog,
  EVENT_STORE,
  EventStore,
  GENESIS_HASH,
  VerificationProblem,
  VerificationReport,
  verifyLog,
} from '@app/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ed25519PrivateKey, LogDigest, publicKeyPem, signLogDigest, SignedLogDigest } from './digest-signature';

/**
 * Something outside the log that remembers how far the log went: the read store's projection
 * checkpoints. If it has seen a position the log no longer has, the log lost its tail — which the
 * hashes alone cannot show, since a truncated log is a valid shorter log.
 */
export interface LogWitness {
  name: string;
  /** The highest log position it has seen, or undefined when it cannot tell. */
  highestPosition(): Promise<number | undefined>;
}

export const LOG_WITNESSES = Symbol('LOG_WITNESSES');

export type AuditProblem = VerificationProblem | 'LOG_TRUNCATED';

/** api.md `/v1/audit/verify`: `{ok, checkedEvents, firstBadPosition?}` and what was found. */
export interface AuditVerification {
  ok: boolean;
  checkedEvents: number;
  /** Position of the last event checked (decimal string). */
  position: string;
  /** Rolling digest through `position`. */
  digest: string;
  firstBadPosition?: string;
  problem?: AuditProblem;
  detail?: string;
  /** The saved `{position, digest}` proven (or not) against the log. */
  checkpoint?: { position: string; digest: string; proven: boolean };
}

export interface AuditVerifyOptions {
  checkpoint?: { position: number; digest: string };
  onProgress?: (checkedEvents: number, position: number) => void;
}

/** The log's digest (signed when a key is configured) and its full verification. */
@Injectable()
export class AuditLogService {
  private readonly signingKey: KeyObject | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Optional() @Inject(LOG_WITNESSES) private readonly witnesses: LogWitness[] = [],
  ) {
    this.signingKey = config.signingKey ? ed25519PrivateKey(config.signingKey) : undefined;
  }

  /** The ledger's verifying key (SPKI PEM), when it signs digests. */
  get publicKey(): string | undefined {
    return this.signingKey && publicKeyPem(this.signingKey);
  }

  /**
   * The digest through the log head. A store that anchors the rolling digest in every row at
   * append time numbers events 1..n (the embedded one), so its last row answers at once; other
   * stores fold the log.
   */
  async digest(): Promise<LogDigest> {
    const head = await this.store.headPosition();
    if (head === 0) return { position: '0', digest: GENESIS_HASH, eventCount: 0 };
    const [last] = this.store.anchorsLogDigest ? await this.store.readAll({ fromPosition: head - 1, limit: 1 }) : [];
    if (last?.position === head && last.logDigest !== undefined) {
      return { position: String(head), digest: last.logDigest, eventCount: head };
    }
    const folded = await digestOfLog(this.store, head);
    return { position: String(folded.position), digest: folded.digest, eventCount: folded.eventCount };
  }

  /** The digest, signed with `LEDGER_SIGNING_KEY` when it is set. */
  async publishedDigest(): Promise<LogDigest | SignedLogDigest> {
    const digest = await this.digest();
    return this.signingKey ? signLogDigest(digest, this.signingKey) : digest;
  }

  /**
   * Recomputes every hash, chain link and the rolling digest (`verifyLog`); with a saved
   * checkpoint also proves the log up to it unchanged; then asks the witnesses whether the log
   * used to be longer.
   */
  async verify(options: AuditVerifyOptions = {}): Promise<AuditVerification> {
    // Asked before the log is read: anything they saw must be in the log read afterwards.
    const seen = await this.highestWitnessed();
    const report = await verifyLog(this.store, { checkpoint: options.checkpoint, onProgress: options.onProgress });
    const result: AuditVerification = {
      ok: report.ok,
      checkedEvents: report.checkedEvents,
      position: String(report.position),
      digest: report.digest,
      ...(report.firstBadPosition !== undefined && { firstBadPosition: String(report.firstBadPosition) }),
      ...(report.problem !== undefined && { problem: report.problem }),
      ...(report.detail !== undefined && { detail: report.detail }),
      ...(options.checkpoint && { checkpoint: await this.checkpointResult(options.checkpoint, report) }),
    };
    if (result.ok && seen && seen.position > report.position) {
      return {
        ...result,
        ok: false,
        firstBadPosition: String(report.position + 1),
        problem: 'LOG_TRUNCATED',
        detail: `the ${seen.name} has seen position ${seen.position}, but the log ends at ${report.position}: events were removed from its end`,
      };
    }
    return result;
  }

  /**
   * Whether the saved prefix is proven unchanged. When the log is bad only after the checkpoint,
   * every event up to it has already been checked, so folding the digest up to it decides — a
   * fold that reads nothing after the checkpoint, since what is bad there (a row that is not
   * even JSON) has no bearing on the prefix and must not stop the answer.
   */
  private async checkpointResult(
    checkpoint: { position: number; digest: string },
    report: VerificationReport,
  ): Promise<NonNullable<AuditVerification['checkpoint']>> {
    const saved = { position: String(checkpoint.position), digest: checkpoint.digest };
    if (report.ok) return { ...saved, proven: true };
    if (report.problem === 'CHECKPOINT_MISMATCH' || report.problem === 'CHECKPOINT_BEYOND_LOG') return { ...saved, proven: false };
    if (report.firstBadPosition === undefined || report.firstBadPosition <= checkpoint.position) return { ...saved, proven: false };
    try {
      const prefix = await digestOfLog(this.store, checkpoint.position);
      return { ...saved, proven: prefix.position === checkpoint.position && prefix.digest === checkpoint.digest };
    } catch (error) {
      // An event at or before the checkpoint cannot be read: the prefix is not proven.
      if (error instanceof CorruptEventError) return { ...saved, proven: false };
      throw error;
    }
  }

  private async highestWitnessed(): Promise<{ name: string; position: number } | undefined> {
    let highest: { name: string; position: number } | undefined;
    for (const witness of this.witnesses) {
      const position = await witness.highestPosition().catch(() => undefined);
      if (position !== undefined && (!highest || position > highest.position)) highest = { name: witness.name, position };
    }
    return highest;
  }
}

