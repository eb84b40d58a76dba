import { Module } from '@nestjs/common';
import { AuditStoreLoader } from './audit-store.loader';
import { DigestCommand } from './digest.command';
import { ReplayCommand } from './replay.command';
import { VerifyCommand } from './verify.command';

/** `ledger verify`, `ledger digest`, `ledger replay`: the auditor's commands, straight on the event store. */
@Module({ providers: [AuditStoreLoader, VerifyCommand, DigestCommand, ReplayCommand] })
export class AuditCliModule {}
