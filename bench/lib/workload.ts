import { Rng } from './rng';

/**
 * Deterministic, domain-like event workloads. The payloads look like the ledger's events
 * (institutions, commitments, dishonesty records, lapses, objections, repairs, credit checks),
 * with Chinese names and text, and their JSON `data` is 300–600 bytes (UTF-8). Same seed, same
 * events, for every store in a run.
 */

export interface BenchEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface BenchActor {
  sub: string;
  role: string;
}

export interface PlannedAppend {
  /** The writer (0-based) that performs this append; a stream belongs to exactly one writer. */
  writer: number;
  streamId: string;
  /** Revision of the stream before this append (-1: the stream does not exist yet). */
  expectedRevision: number;
  events: BenchEvent[];
  commandId: string;
  actor: BenchActor;
}

export interface WorkloadOptions {
  seed: number;
  /** Distinguishes workloads in one run, so command ids and streams never collide. */
  label: string;
  appends: number;
  eventsPerAppend: number;
  writers: number;
  /** Streams each writer cycles through (default 8). */
  streamsPerWriter?: number;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const REGIONS = ['110105', '310115', '440305', '330106', '510107', '420106', '320102', '370202', '610113', '500112'];
const REGION_NAMES = ['北京市朝阳区', '上海市浦东新区', '深圳市南山区', '杭州市西湖区', '成都市武侯区', '武汉市武昌区', '南京市玄武区', '青岛市市南区', '西安市雁塔区', '重庆市渝北区'];
const ORGANS = ['人民政府', '发展和改革委员会', '财政局', '住房和城乡建设局', '生态环境局', '交通运输局', '市场监督管理局', '自然资源局', '教育局', '卫生健康委员会'];
const KINDS = ['GOVERNMENT_ORGAN', 'PUBLIC_INSTITUTION', 'STATE_OWNED_ENTERPRISE', 'TOWNSHIP_OR_STREET', 'VILLAGE_COMMITTEE'];
const DOMAINS = ['GOVERNMENT_PROCUREMENT', 'PPP', 'BIDDING', 'INVESTMENT_ATTRACTION', 'GOVERNMENT_DEBT', 'ENVIRONMENT', 'TOWNSHIP_SERVICES', 'ADMINISTRATIVE_SERVICES'];
const COMMITMENT_KINDS = ['SERVICE_QUALITY', 'DEADLINE', 'GUARANTEE', 'POLICY', 'CONTRACT', 'ENVIRONMENTAL_TARGET'];
const CHANNELS = ['PORTAL', 'WEIBO', 'WECHAT', 'APP', 'PRESS'];
const CATEGORIES = ['COMMITMENT_UNFULFILLED', 'ARREARS_TO_ENTERPRISES', 'REFUSAL_TO_EXECUTE_JUDGMENT', 'CONTRACT_BREACH', 'PROCUREMENT_VIOLATION'];
const SEVERITIES = ['MINOR', 'GENERAL', 'SERIOUS'];
const FINDINGS = ['JUDICIAL_JUDGMENT', 'ADMINISTRATIVE_PENALTY', 'COMMITMENT_BREACH', 'VERIFIED_COMPLAINT'];
const MATTERS = ['AWARD_EVALUATION', 'PROMOTION', 'FINANCIAL_SUBSIDY', 'PROJECT_APPROVAL', 'PROCUREMENT'];
const ROLES = ['registrar', 'recorder', 'reviewer', 'checker'];
const PHRASES = [
  '按期足额支付中小企业账款', '优化营商环境', '承诺事项已向社会公开', '依法依规履行合同约定',
  '不得以换届为由拒不履约', '建立健全政务诚信档案', '限期整改并报送整改情况', '涉及拖欠民营企业工程款',
  '经核实情况属实', '异议申请材料齐全', '信用修复申请已受理', '联合奖惩措施已落实',
  'payment schedule agreed with the contractor', 'rectification report filed on time',
];

/** A syntactically valid USCC (GB 32100: 18 characters, weighted mod-31 check character). */
export function usccFor(rng: Rng): string {
  let body = '11' + REGIONS[rng.int(0, REGIONS.length - 1)];
  for (let i = 0; i < 9; i += 1) body += USCC_CHARS[rng.int(0, 30)];
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARS.indexOf(body[i]) * USCC_WEIGHTS[i];
  return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}

const BASE_DAY = Date.UTC(2024, 0, 1);
function businessDate(rng: Rng, maxDays = 900): string {
  return new Date(BASE_DAY + rng.int(0, maxDays) * 86_400_000).toISOString().slice(0, 10);
}

function id(rng: Rng, prefix: string): string {
  let s = prefix + '-';
  for (let i = 0; i < 12; i += 1) s += USCC_CHARS[rng.int(0, 30)];
  return s;
}

function text(rng: Rng, phrases: number): string {
  const parts: string[] = [];
  for (let i = 0; i < phrases; i += 1) parts.push(rng.pick(PHRASES));
  return parts.join('；');
}

interface StreamState {
  uscc: string;
  name: string;
  commitments: string[];
  records: string[];
}

function nextEvent(rng: Rng, stream: StreamState, first: boolean): BenchEvent {
  const type: string = first
    ? 'InstitutionRegistered'
    : rng.weighted([
        ['CommitmentMade', 30],
        ['CommitmentFulfilled', 15],
        ['CommitmentLapsed', 8],
        ['DishonestyRecorded', 12],
        ['ObjectionFiled', 6],
        ['ObjectionResolved', 5],
        ['CreditRepairGranted', 4],
        ['CreditChecked', 20],
      ] as const);
  const regionIndex = rng.int(0, REGIONS.length - 1);
  switch (type) {
    case 'InstitutionRegistered':
      return {
        type,
        data: {
          uscc: stream.uscc,
          name: stream.name,
          kind: rng.pick(KINDS),
          regionCode: REGIONS[regionIndex],
          regionName: REGION_NAMES[regionIndex],
          parentUscc: rng.chance(0.6) ? usccFor(rng) : null,
          registeredOn: businessDate(rng),
          contact: { department: '办公室', phone: `0${rng.int(10, 99)}-${rng.int(10_000_000, 99_999_999)}` },
        },
      };
    case 'CommitmentMade': {
      const commitmentId = id(rng, 'CMT');
      stream.commitments.push(commitmentId);
      return {
        type,
        data: {
          commitmentId,
          uscc: stream.uscc,
          kind: rng.pick(COMMITMENT_KINDS),
          domain: rng.pick(DOMAINS),
          title: text(rng, 1),
          content: text(rng, 2),
          publishedOn: businessDate(rng),
          dueOn: businessDate(rng),
          channels: [rng.pick(CHANNELS), rng.pick(CHANNELS)],
          amountCents: rng.int(100_000, 5_000_000_000),
          counterparty: { name: `${rng.pick(REGION_NAMES)}建设工程有限公司`, uscc: usccFor(rng) },
        },
      };
    }
    case 'CommitmentFulfilled':
    case 'CommitmentLapsed':
      return {
        type,
        data: {
          commitmentId: stream.commitments.length ? rng.pick(stream.commitments) : id(rng, 'CMT'),
          uscc: stream.uscc,
          on: businessDate(rng),
          evidence: [{ documentNo: id(rng, 'DOC'), issuedBy: `${REGION_NAMES[regionIndex]}${rng.pick(ORGANS)}` }],
          remarks: text(rng, 2),
        },
      };
    case 'DishonestyRecorded': {
      const recordId = id(rng, 'REC');
      stream.records.push(recordId);
      return {
        type,
        data: {
          recordId,
          subject: { kind: 'INSTITUTION', uscc: stream.uscc },
          category: rng.pick(CATEGORIES),
          severity: rng.pick(SEVERITIES),
          finding: { type: rng.pick(FINDINGS), documentNo: id(rng, 'DOC'), decidedOn: businessDate(rng) },
          domain: rng.pick(DOMAINS),
          facts: text(rng, 3),
          amountCents: rng.chance(0.5) ? rng.int(1_000_000, 900_000_000) : null,
        },
      };
    }
    case 'ObjectionFiled':
    case 'ObjectionResolved':
      return {
        type,
        data: {
          objectionId: id(rng, 'OBJ'),
          recordId: stream.records.length ? rng.pick(stream.records) : id(rng, 'REC'),
          uscc: stream.uscc,
          on: businessDate(rng),
          outcome: type === 'ObjectionResolved' ? rng.pick(['REJECTED', 'CORRECTED', 'RECORD_REVOKED']) : null,
          grounds: text(rng, 2),
        },
      };
    case 'CreditRepairGranted':
      return {
        type,
        data: {
          repairId: id(rng, 'RPR'),
          recordId: stream.records.length ? rng.pick(stream.records) : id(rng, 'REC'),
          uscc: stream.uscc,
          grantedOn: businessDate(rng),
          rectification: text(rng, 2),
          approvedBy: `${REGION_NAMES[regionIndex]}发展和改革委员会`,
        },
      };
    default:
      return {
        type,
        data: {
          checkId: id(rng, 'CHK'),
          uscc: stream.uscc,
          matter: rng.pick(MATTERS),
          requestedBy: `${rng.pick(REGION_NAMES)}${rng.pick(ORGANS)}`,
          checkedOn: businessDate(rng),
          result: rng.weighted([['CLEAR', 8], ['RECORDS_FOUND', 2]] as const),
          referenceNo: id(rng, 'REF'),
        },
      };
  }
}

/** Pads (with text) or trims a `note` field so the event's JSON `data` is `target` UTF-8 bytes, within ±3. */
function sizeTo(rng: Rng, event: BenchEvent, target: number): BenchEvent {
  const data = { ...event.data };
  const base = Buffer.byteLength(JSON.stringify(data));
  if (base >= target) return { type: event.type, data };
  let note = '';
  const room = target - base - ',"note":""'.length;
  while (Buffer.byteLength(note) < room) note += rng.pick(PHRASES) + '。';
  while (note.length > 0 && Buffer.byteLength(note) > room) note = note.slice(0, -1);
  if (note.length > 0) data.note = note;
  return { type: event.type, data };
}

/**
 * Plans appends in sequential order, in as many chunks as wanted (large data sets are generated
 * chunk by chunk, never held whole).
 */
export class AppendPlanner {
  private readonly rng: Rng;
  private readonly streamsPerWriter: number;
  private readonly streams: (StreamState & { id: string; revision: number; writer: number })[] = [];
  private index = 0;

  constructor(private readonly options: Omit<WorkloadOptions, 'appends'>) {
    this.rng = Rng.derive(options.seed, options.label);
    this.streamsPerWriter = options.streamsPerWriter ?? 8;
    for (let w = 0; w < options.writers; w += 1) {
      for (let s = 0; s < this.streamsPerWriter; s += 1) {
        const uscc = usccFor(this.rng);
        this.streams.push({
          id: `institution-${uscc}`,
          uscc,
          name: `${this.rng.pick(REGION_NAMES)}${this.rng.pick(ORGANS)}`,
          commitments: [],
          records: [],
          revision: -1,
          writer: w,
        });
      }
    }
  }

  get streamIds(): string[] {
    return this.streams.map((s) => s.id);
  }

  take(count: number): PlannedAppend[] {
    const { rng, options } = this;
    const plan: PlannedAppend[] = [];
    for (let n = 0; n < count; n += 1, this.index += 1) {
      const i = this.index;
      const writer = i % options.writers;
      const stream = this.streams[writer * this.streamsPerWriter + (Math.floor(i / options.writers) % this.streamsPerWriter)];
      const events: BenchEvent[] = [];
      for (let e = 0; e < options.eventsPerAppend; e += 1) {
        const first = stream.revision + e === -1;
        events.push(sizeTo(rng, nextEvent(rng, stream, first), rng.int(300, 600)));
      }
      plan.push({
        writer,
        streamId: stream.id,
        expectedRevision: stream.revision,
        events,
        commandId: `${options.label}-${options.seed}-${i}`,
        actor: { sub: `user-${rng.int(1, 40)}`, role: rng.pick(ROLES) },
      });
      stream.revision += options.eventsPerAppend;
    }
    return plan;
  }
}

/** The plan of a run: who appends what where, in sequential order. */
export function planAppends(options: WorkloadOptions): PlannedAppend[] {
  return new AppendPlanner(options).take(options.appends);
}

/** Splits a plan into per-writer queues, keeping each writer's order. */
export function byWriter(plan: PlannedAppend[], writers: number): PlannedAppend[][] {
  const queues: PlannedAppend[][] = Array.from({ length: writers }, () => []);
  for (const append of plan) queues[append.writer % writers].push(append);
  return queues;
}

export function dataSizeStats(plan: PlannedAppend[]): { events: number; minBytes: number; maxBytes: number; meanBytes: number } {
  let min = Infinity;
  let max = 0;
  let sum = 0;
  let n = 0;
  for (const append of plan) {
    for (const event of append.events) {
      const size = Buffer.byteLength(JSON.stringify(event.data));
      min = Math.min(min, size);
      max = Math.max(max, size);
      sum += size;
      n += 1;
    }
  }
  return { events: n, minBytes: min, maxBytes: max, meanBytes: Math.round(sum / Math.max(1, n)) };
}
