/**
 * The house Lambda function: every function of the catalog is built through this construct, so
 * runtime, architecture, bundling, logging and the execution role are decided once, here.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  Charset,
  type ICommandHooks,
  LogLevel,
  NodejsFunction,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { API_TIMEOUT_SECONDS } from '#shared/functions';

/** The repository root: catalog entry paths and the lock file are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// esbuild's ESM output cannot `require` Node built-ins that CommonJS dependencies load
// dynamically; a real `require` bound to the bundle fixes it (docs/adr/0019-house-bundling.md).
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __houseCreateRequire } from 'node:module'; const require = __houseCreateRequire(import.meta.url);";

/**
 * Context key: when true, each bundle gets esbuild's metafile (`index.meta.json`, what went in and
 * how big) beside it; `npm run bench` sets it to report what every function carries.
 */
export const BUNDLE_METAFILE_CONTEXT = 'house:bundleMetafile';

/**
 * Context key: when true, functions run with `--enable-source-maps`, so logged stacks name source
 * files and lines. Off by default: Node then reads and parses the bundle's source map while the
 * module loads, on every cold start (the measure: docs/adr/0019-house-bundling.md). The map ships
 * in every package either way; deploy with `-c house:sourceMaps=true` while chasing a fault.
 */
export const SOURCE_MAPS_CONTEXT = 'house:sourceMaps';

/** Substituted for the SDK's default credential chain in every bundle (see the module). */
export const LAMBDA_CREDENTIALS = 'infra/cloud/lambda-credentials.ts';

export interface HouseFunctionProps {
  /** The function's key in the catalog; also the service name on its log lines. */
  name: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  environment?: Record<string, string>;
  /** @default API_TIMEOUT_SECONDS (shared/functions.ts): API handlers do a few DynamoDB calls. */
  timeout?: Duration;
  /**
   * @default 512 MB. Lambda allots CPU in proportion to memory: more for functions that build
   * large documents in memory (XLSX).
   */
  memorySize?: number;
  /** Where asynchronous invocations (schedules, mail batches) land after Lambda's own retries. */
  deadLetterQueue?: sqs.IQueue;
  /** Lambda's retries of a failed asynchronous invocation (0 to 2). @default 2 (Lambda's) */
  retryAttempts?: number;
  /** How long an asynchronous invocation may wait to run. @default 6 hours (Lambda's) */
  maxEventAge?: Duration;
  /** Where Lambda sends the record of an asynchronous invocation that failed for good. */
  onFailure?: lambda.IDestination;
  /**
   * Files the code reads at run time, copied beside the bundle (`index.mjs`): file name there ->
   * absolute path of the source. For data too big to bundle, such as a font, that only this
   * function may carry.
   */
  besideBundle?: Readonly<Record<string, string>>;
  /** X-Ray active tracing; off by default (it costs per trace, and its IAM grant is `Resource: *`). */
  tracing?: boolean;
}

/** The bundling step that copies each file into the bundle's folder, under its name there. */
function copiedBesideBundle(files: Readonly<Record<string, string>>): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) =>
      Object.entries(files).map(([name, source]) => `cp "${source}" "${join(outputDir, name)}"`),
  };
}

export class HouseFunction extends Construct {
  readonly function: NodejsFunction;
  /** The execution role; grants for tables and mail are added to it by the caller. */
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);

    const entry = resolve(REPO_ROOT, props.entry);
    if (!existsSync(entry)) {
      throw new Error(`Function "${props.name}": entry ${props.entry} does not exist under ${REPO_ROOT}`);
    }

    // An explicit log group with a retention, instead of the deprecated `logRetention` custom
    // resource or a never-expiring group created by Lambda on first write.
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });

    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy, whose log
    // permissions cover every log group of the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      // Graviton: about 20% cheaper per GB-second than x86 for the same Node.js work.
      architecture: lambda.Architecture.ARM_64,
      // Lambda allots CPU in proportion to memory: 512 MB roughly halves cold starts and SDK
      // latency compared with 128 MB for these bundled-SDK handlers while costing little more
      // per request, because requests finish sooner.
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(API_TIMEOUT_SECONDS),
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      onFailure: props.onFailure,
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      environment: {
        ...(this.node.tryGetContext(SOURCE_MAPS_CONTEXT) === true ||
        this.node.tryGetContext(SOURCE_MAPS_CONTEXT) === 'true'
          ? { NODE_OPTIONS: '--enable-source-maps' }
          : {}),
        SERVICE_NAME: props.name,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not the sources; keeps the bundle small.
        sourcesContent: false,
        // Bundled (not the runtime's copy): a pinned SDK version and faster cold starts.
        bundleAwsSDK: true,
        externalModules: [],
        metafile: this.node.tryGetContext(BUNDLE_METAFILE_CONTEXT) === true,
        // Lambda's credentials come from the environment: the SDK's full provider chain stays out.
        esbuildArgs: { '--alias': `@aws-sdk/credential-provider-node=./${LAMBDA_CREDENTIALS}` },
        // ASCII (Chinese text as \u escapes): Node decodes a pure-ASCII file on its fast path and
        // V8 keeps it as a one-byte string; one Chinese character made the whole bundle two-byte
        // and slower to decode on every cold start (docs/adr/0019-house-bundling.md).
        charset: Charset.ASCII,
        logLevel: LogLevel.WARNING,
        // Only the locally installed esbuild: these machines have no Docker.
        forceDockerBundling: false,
        ...(props.besideBundle ? { commandHooks: copiedBesideBundle(props.besideBundle) } : {}),
      },
    });
  }
}
