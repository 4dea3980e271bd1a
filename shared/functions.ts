/**
 * The Lambda functions, one per route group or job. Data only: CDK builds one function from
 * each entry that is not `localOnly`, granting exactly what its flags say; the local server
 * loads the same `entry` in process.
 */
import type { TableName } from '#shared/store/tables';

export type TableAccess = 'read' | 'readWrite';

export interface FunctionDef {
  /** Path of the handler module from the repository root; it exports `handler`. */
  entry: string;
  description: string;
  tables: Partial<Record<TableName, TableAccess>>;
  sendsMail?: boolean;
  /**
   * Signs certificates with the signing key (KMS Sign and GetPublicKey in the cloud), and publishes
   * the public keys in the certificates table for verifiers (so it needs that table, read-write).
   */
  signs?: boolean;
  /**
   * Verifies certificates: is told the signing key ids (env SIGNING_KEY_ID, SIGNING_PREVIOUS_KEY_IDS)
   * and reads their public halves where the signers published them (the certificates table), with
   * no KMS permission at all.
   */
  verifies?: boolean;
  /**
   * Hands mail to the mailer: invokes it asynchronously with batches (lambda:InvokeFunction on the
   * mailer only; env MAILER_FUNCTION_NAME), paced at SES's rate within a longer timeout.
   */
  enqueuesMail?: boolean;
  /**
   * Is the mailer: invoked asynchronously with batches of mail; Lambda retries a failed batch,
   * then parks it in the mail dead-letter queue. Exactly one function, when any enqueues mail.
   */
  sendsQueuedMail?: boolean;
  /**
   * Counts the messages in every dead-letter queue (sqs:GetQueueAttributes on them only; env
   * DEAD_LETTER_QUEUES) and reports by failing: its on-failure destination is the operators' topic.
   */
  watchesDeadLetters?: boolean;
  /**
   * Is triggered by the `registrations` table's stream, filtered to new notices (shared/store/
   * notices.ts): batches of records, failures reported per record, then the notices dead-letter
   * queue. Reading a stream costs nothing while idle.
   */
  tellsNotices?: boolean;
  /**
   * Keeps the yearly counters registrations move: triggered by the `registrations` table's stream,
   * filtered to registrations (shared/store/registration-filter.ts), batches summed per counter
   * item, failures reported per record, then the counters dead-letter queue (infra/cloud/counter-stream.ts).
   */
  countsRegistrations?: boolean;
  /**
   * Appends to the audit trail of personal data (shared/store/audit.ts): dynamodb:PutItem on the
   * trail's table, only on items whose partition key is an audit one; never an update or delete.
   */
  appendsAudit?: boolean;
  /** Runs longer than a request (a scheduled job): the job timeout instead of the API one. */
  job?: boolean;
  /** Reads or writes the reports bucket (env REPORTS_BUCKET). */
  reportsBucket?: 'read' | 'readWrite';
  /**
   * Prints certificates as PDF: the CJK font (shared/certificates/pdf/font.ts) ships beside its
   * bundle, and no other function carries it; and it is told where the verification page is
   * (VERIFY_PAGE_ORIGIN), as signers are, for the QR code it prints.
   */
  printsCertificates?: boolean;
  /** Exists only in the local runtime (dev tooling such as minting tokens). */
  localOnly?: boolean;
}

/**
 * How long an API function may run (its Lambda timeout, unless the catalog says otherwise): a few
 * DynamoDB calls, well inside the HTTP API's 30 s. What holds a request's state for the length of
 * a request (an Idempotency-Key's claim) holds it at least this long.
 */
export const API_TIMEOUT_SECONDS = 10;

export const FUNCTIONS = {
  meta: {
    entry: 'functions/meta/handler.ts',
    description: 'Health check and the OpenAPI document',
    tables: {},
  },
  organizations: {
    entry: 'functions/organizations/handler.ts',
    description: 'Organizations: bases, institutions, hosts and departments',
    // A status change writes its notice to the outbox (registrations table) in the same transaction.
    tables: { plans: 'readWrite', registrations: 'readWrite', idempotency: 'readWrite' },
  },
  'annual-reports': {
    entry: 'functions/annual-reports/handler.ts',
    description: "Bases' annual execution summaries and next-year plans, and their review",
    // Each step writes its notices to the outbox (registrations table) in the same transaction.
    tables: { plans: 'readWrite', registrations: 'readWrite', idempotency: 'readWrite' },
  },
  plans: {
    entry: 'functions/plans/handler.ts',
    description: 'Annual plans: drafting, review workflow, publication, budget and expenses',
    // A review or publication writes its notice to the outbox (registrations table) in the same transaction.
    tables: { plans: 'readWrite', registrations: 'readWrite', idempotency: 'readWrite' },
  },
  sessions: {
    entry: 'functions/sessions/handler.ts',
    description: 'Sessions of published plans',
    // Confirms waitlisted registrations on a raised capacity, and tells of a moved session:
    // both write to the outbox (registrations table).
    tables: { plans: 'readWrite', registrations: 'readWrite', idempotency: 'readWrite' },
  },
  trainees: {
    entry: 'functions/trainees/handler.ts',
    description: "Trainees' own profiles and credit-hour ledgers",
    // Reads the caller's certificates: a certified name and ID number no longer change.
    tables: { registrations: 'readWrite', certificates: 'read' },
  },
  registrations: {
    entry: 'functions/registrations/handler.ts',
    description: 'Registrations, waitlists and cancellations',
    tables: { plans: 'readWrite', registrations: 'readWrite', idempotency: 'readWrite' },
  },
  notifier: {
    entry: 'functions/notifier/handler.ts',
    description: 'Mails the notices in the outbox (registrations table) of changes people are told of',
    // Reads the trainee, the session, the plan, the organization and the revoked certificate it
    // tells of, deletes told notices, keeps sent records (plans table).
    tables: { plans: 'readWrite', registrations: 'readWrite', certificates: 'read' },
    sendsMail: true,
    tellsNotices: true,
  },
  counters: {
    entry: 'functions/counters/handler.ts',
    description: 'Keeps the yearly counters of plans and hosts from the changes of registrations',
    // Reads the registrations table's stream only (granted with its event source), writes the counters.
    tables: { plans: 'readWrite' },
    countsRegistrations: true,
  },
  results: {
    entry: 'functions/results/handler.ts',
    description: 'Attendance and results of sessions',
    tables: { plans: 'readWrite', registrations: 'readWrite', certificates: 'readWrite' },
    // A pass issues the completion certificate.
    signs: true,
  },
  certificates: {
    entry: 'functions/certificates/handler.ts',
    description: 'Certificates: technical level issuance, holders and issuers reading, revocation',
    // Issuing and revoking count in the report counters (plans); issuing reads the holder's profile;
    // revoking writes the holder's notice and a reversing ledger entry (registrations).
    tables: {
      plans: 'readWrite',
      registrations: 'readWrite',
      certificates: 'readWrite',
      idempotency: 'readWrite',
    },
    signs: true,
  },
  'certificate-pdf': {
    entry: 'functions/certificate-pdf/handler.ts',
    description:
      'Certificates to print: an A4 PDF in Chinese with the QR code, for holders, issuers and admin',
    // The certificate carries all it prints (the issuer's name beside its id): nothing else is read.
    tables: { certificates: 'read' },
    printsCertificates: true,
  },
  verification: {
    entry: 'functions/verification/handler.ts',
    description: 'Public certificate lookup and verification, and the signing keys as a JWKS',
    tables: { certificates: 'read' },
    verifies: true,
  },
  rosters: {
    entry: 'functions/rosters/handler.ts',
    description: 'Roster exports (XLSX, CSV) for the national platform',
    // The national roster reads the trainees' profiles (registrations) and the session's completion
    // certificates, and records each export in the audit trail.
    tables: { plans: 'read', registrations: 'read', certificates: 'read' },
    appendsAudit: true,
  },
  audit: {
    entry: 'functions/audit/handler.ts',
    description: 'The audit trail of personal data: who read full ID numbers of others',
    // The trail is kept in the plans table, which holds no ID numbers: this function reads no table that does.
    tables: { plans: 'read' },
  },
  reminders: {
    entry: 'functions/reminders/handler.ts',
    description: 'Daily job: finds the reminders due today and hands them to the mailer in batches',
    tables: { plans: 'read', registrations: 'read' },
    enqueuesMail: true,
    job: true,
  },
  mailer: {
    entry: 'functions/mailer/handler.ts',
    description: 'Mailer: sends each reminder of a batch once through SES (invoked asynchronously)',
    tables: { plans: 'readWrite' },
    sendsMail: true,
    sendsQueuedMail: true,
  },
  'dead-letters': {
    entry: 'functions/dead-letters/handler.ts',
    description: 'Daily job: reports to operators the messages waiting in dead-letter queues',
    tables: {},
    watchesDeadLetters: true,
    job: true,
  },
  reports: {
    entry: 'functions/reports/handler.ts',
    description: 'Year-end evaluation reports: compile on demand, read as JSON, CSV, XLSX or HTML',
    // Writes the pointer to a year's current compilation (shared/store/reports.ts).
    tables: { plans: 'readWrite' },
    reportsBucket: 'readWrite',
  },
  'year-end-report': {
    entry: 'functions/year-end-report/handler.ts',
    description: 'Yearly job (1 January, 02:00): compiles the evaluation report of the year just ended',
    // Writes the pointer to a year's current compilation (shared/store/reports.ts).
    tables: { plans: 'readWrite' },
    reportsBucket: 'readWrite',
    job: true,
  },
  'local-tools': {
    entry: 'infra/local/tools-handler.ts',
    description: 'Local only: mint sign-in tokens, list the mail outbox',
    tables: {},
    localOnly: true,
  },
} as const satisfies Record<string, FunctionDef>;

export type FunctionName = keyof typeof FUNCTIONS;
