/**
 * Compiles zod schemas into source code that builds the same validators from the house runtime
 * (`#shared/validators/runtime`), so a Lambda validates without loading zod. Reads zod's own
 * description of each schema (`_zod.def`) and refuses, loudly, any construct the runtime does not
 * model: a schema that compiles is one the equivalence test can hold to zod's answers.
 *
 * Functions a schema calls (a transform, a refinement, an `issuesBy` rule) must be exported by a
 * zod-free module (`namesInDomain` in generate.ts finds them), so the compiled code can import
 * them by name.
 */
import { core } from 'zod/mini';
import { RULE_OF } from '#shared/domain/common';

type AnySchema = core.$ZodType;
type AnyCheck = core.$ZodCheck;

/** Where a function or schema is exported from: `#shared/...` module and export name. */
export interface ExportRef {
  module: string;
  name: string;
}

/** zod's own string transforms (`z.trim()`, ...), recognised by their source, and ours for them. */
const OVERWRITES: Record<string, string> = {
  '(input) => input.trim()': 'v.trim',
  '(input) => input.toLowerCase()': 'v.toLowerCase',
  '(input) => input.toUpperCase()': 'v.toUpperCase',
};

/** Functions every module can use without importing them. */
const GLOBAL_FUNCTIONS = new Map<unknown, string>([
  [Number, 'Number'],
  [String, 'String'],
  [Boolean, 'Boolean'],
]);

/** Marks every call, checks too, so a bundle drops each compiled schema nothing refers to. */
const PURE = '/* @__PURE__ */ ';

export class SchemaCompiler {
  /** Emitted `const` declarations, each after the ones it uses. */
  private readonly declarations: string[] = [];
  private readonly constNames = new Map<AnySchema, string>();
  private readonly usedNames = new Set<string>();
  private readonly inProgress = new Set<AnySchema>();
  /** Imports the compiled code needs: module → (export name → local name). */
  private readonly imports = new Map<string, Map<string, string>>();

  constructor(
    /** Exported schemas by instance (a lazy schema and what it builds share one name). */
    private readonly schemaNames: Map<AnySchema, ExportRef>,
    /** Exported zod-free functions by identity. */
    private readonly functionNames: Map<unknown, ExportRef>,
  ) {}

  /** An expression for `schema`: the name of its `const` if it has an exported name. */
  reference(schema: AnySchema): string {
    const target = unwrapLazy(schema);
    const named = this.schemaNames.get(schema) ?? this.schemaNames.get(target);
    if (!named) return this.expression(target);
    const existing = this.constNames.get(target);
    if (existing) return existing;
    if (this.inProgress.has(target))
      throw new Error(`${named.name} refers to itself; recursion is not supported`);
    this.inProgress.add(target);
    const code = this.expression(target);
    this.inProgress.delete(target);
    const name = this.freshName(named.name);
    this.constNames.set(target, name);
    this.declarations.push(`const ${name} = ${code};`);
    return name;
  }

  /** The `const` declarations so far, dependencies first. */
  declarationsCode(): string {
    return this.declarations.join('\n\n');
  }

  /** `import` lines for the functions the compiled code calls. */
  importLines(): string[] {
    return [...this.imports]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([module, names]) => {
        const list = [...names]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, local]) => (name === local ? name : `${name} as ${local}`));
        return `import { ${list.join(', ')} } from '${module}';`;
      });
  }

  /** A local name nothing else in the file uses. */
  freshName(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.usedNames.has(name); n++) name = `${wanted}_${n}`;
    this.usedNames.add(name);
    return name;
  }

  private expression(schema: AnySchema): string {
    const def = schema._zod.def as core.$ZodTypeDef & Record<string, unknown>;
    // A string format (`z.email()`) or `z.int()` is a check of its own as well, run first.
    const isCheckToo = schema._zod.traits.has('$ZodCheck');
    if (def.error) {
      throw new Error(`A schema-level error message (${def.type}) is not supported; put it on a check`);
    }
    const ownChecks = (def.checks ?? []) as AnyCheck[];
    const checks = this.checks(isCheckToo ? [schema as unknown as AnyCheck, ...ownChecks] : ownChecks);
    const tail = checks ? `, ${checks}` : '';
    const call = (name: string, args: string) => `${PURE}v.${name}(${args}${tail})`;
    switch (def.type) {
      case 'string':
        if (def.coerce) throw new Error('z.coerce.string() is not supported');
        return `${PURE}v.string(${checks})`;
      case 'number':
        return def.coerce ? `${PURE}v.number(${checks || '[]'}, true)` : `${PURE}v.number(${checks})`;
      case 'boolean':
        if (def.coerce) throw new Error('z.coerce.boolean() is not supported');
        return `${PURE}v.boolean(${checks})`;
      case 'unknown':
        return `${PURE}v.unknown(${checks})`;
      case 'never':
        return `${PURE}v.never()`;
      case 'enum':
        return call('oneOf', json(core.util.getEnumValues(def.entries as Record<string, string | number>)));
      case 'literal':
        return call('oneOf', json(def.values));
      case 'array':
        return call('array', this.reference(def.element as AnySchema));
      case 'object':
        return call('object', `${this.shape(def.shape as Record<string, AnySchema>)}, '${unknownKeys(def)}'`);
      case 'optional':
      case 'nullable':
        return call(def.type, this.reference(def.innerType as AnySchema));
      case 'default':
        return call(
          'withDefault',
          `${this.reference(def.innerType as AnySchema)}, () => ${json(def.defaultValue)}`,
        );
      case 'pipe':
        return call(
          'pipe',
          `${this.reference(def.in as AnySchema)}, ${this.reference(def.out as AnySchema)}`,
        );
      case 'transform':
        return call('transform', this.functionReference(def.transform, 'transform'));
      case 'union':
        if (def.inclusive === false) throw new Error('z.xor() is not supported');
        return call(
          'union',
          `[${(def.options as AnySchema[]).map((option) => this.reference(option)).join(', ')}]`,
        );
      default:
        throw new Error(`zod schema type "${def.type}" is not supported by the compiled validators`);
    }
  }

  private shape(shape: Record<string, AnySchema>): string {
    const fields = Object.entries(shape).map(
      ([key, field]) => `${propertyName(key)}: ${this.reference(field)}`,
    );
    return `{ ${fields.join(', ')} }`;
  }

  /** The checks as an array literal, or '' when there are none (describe and meta check nothing). */
  private checks(checks: readonly AnyCheck[]): string {
    const compiled = checks.map((check) => this.check(check)).filter((code): code is string => code !== null);
    return compiled.length ? `[${compiled.join(', ')}]` : '';
  }

  private check(check: AnyCheck): string | null {
    const def = check._zod.def as core.$ZodCheckDef & Record<string, unknown>;
    if (def.check === 'describe' || def.check === 'meta') return null;
    if (def.abort) throw new Error(`A check that aborts (${def.check}) is not supported`);
    const message = constantMessage(def);
    const tail = message === undefined ? '' : `, ${json(message)}`;
    switch (def.check) {
      case 'min_length':
        return `${PURE}v.minLength(${def.minimum}${tail})`;
      case 'max_length':
        return `${PURE}v.maxLength(${def.maximum}${tail})`;
      case 'greater_than':
        return `${PURE}v.greaterThan(${json(def.value)}, ${def.inclusive === true}${tail})`;
      case 'less_than':
        return `${PURE}v.lessThan(${json(def.value)}, ${def.inclusive === true}${tail})`;
      case 'multiple_of':
        return `${PURE}v.multipleOf(${json(def.value)}${tail})`;
      case 'number_format':
        if (def.format !== 'safeint') throw new Error(`Number format "${def.format}" is not supported`);
        return `${PURE}v.safeInteger(${message === undefined ? '' : json(message)})`;
      case 'string_format': {
        const pattern = def.pattern as RegExp | undefined;
        if (!pattern) throw new Error(`String format "${def.format}" has no pattern`);
        return `${PURE}v.stringFormat(${json(def.format)}, ${regexLiteral(pattern)}${tail})`;
      }
      case 'overwrite': {
        const source = String(def.tx);
        const replacement = OVERWRITES[source];
        if (!replacement) throw new Error(`Overwrite ${source} is not supported`);
        return `${PURE}v.overwrite(${replacement})`;
      }
      case 'custom': {
        if (def.when) throw new Error('A refinement with its own condition (when) is not supported');
        const rule = RULE_OF.get(check);
        if (rule) return `${PURE}v.rule(${this.functionReference(rule, 'issuesBy rule')})`;
        if (typeof def.fn !== 'function') {
          throw new Error('z.superRefine is not supported: use issuesBy (shared/domain/common.ts)');
        }
        const path = def.path as (string | number)[] | undefined;
        const args = [this.functionReference(def.fn, 'refinement')];
        if (message !== undefined || path?.length)
          args.push(message === undefined ? 'undefined' : json(message));
        if (path?.length) args.push(json(path));
        return `${PURE}v.refine(${args.join(', ')})`;
      }
      default:
        throw new Error(`zod check "${def.check}" is not supported by the compiled validators`);
    }
  }

  private functionReference(fn: unknown, what: string): string {
    const global = GLOBAL_FUNCTIONS.get(fn);
    if (global) return global;
    const ref = this.functionNames.get(fn);
    if (!ref) {
      throw new Error(
        `A ${what} calls a function no zod-free module exports (${String(fn).slice(0, 80)}): export it from one (shared/domain/rules.ts, or the entity's own module)`,
      );
    }
    const names = this.imports.get(ref.module) ?? new Map<string, string>();
    this.imports.set(ref.module, names);
    const existing = names.get(ref.name);
    if (existing) return existing;
    const local = this.freshName(ref.name);
    names.set(ref.name, local);
    return local;
  }
}

/** A lazy schema stands for what it builds. */
export function unwrapLazy(schema: AnySchema): AnySchema {
  let target = schema;
  while (target._zod.def.type === 'lazy')
    target = (target._zod as unknown as { innerType: AnySchema }).innerType;
  return target;
}

function unknownKeys(def: Record<string, unknown>): 'strip' | 'strict' | 'loose' {
  const catchall = def.catchall as AnySchema | undefined;
  if (!catchall) return 'strip';
  const type = catchall._zod.def.type;
  if (type === 'never') return 'strict';
  if (type === 'unknown' || type === 'any') return 'loose';
  throw new Error(`An object whose other keys must be ${type} is not supported`);
}

/**
 * A check's own message, which our schemas always give as text (zod wraps it in a function).
 * One that depends on the issue cannot be compiled to a constant.
 */
function constantMessage(def: Record<string, unknown>): string | undefined {
  const error = def.error as ((issue: unknown) => unknown) | undefined;
  if (!error) return undefined;
  const first = error({ code: 'custom', input: 1, path: [] });
  const second = error({ code: 'too_big', input: 'x', path: ['y'] });
  const text = (value: unknown) =>
    typeof value === 'string' ? value : (value as { message?: string })?.message;
  if (typeof text(first) !== 'string' || text(first) !== text(second)) {
    throw new Error(`A message that depends on the issue is not supported (${def.check})`);
  }
  return text(first);
}

const json = (value: unknown) => {
  const text = JSON.stringify(value);
  if (text === undefined || JSON.stringify(JSON.parse(text)) !== text) {
    throw new Error(`${String(value)} is not a plain JSON value`);
  }
  return text;
};

const regexLiteral = (pattern: RegExp) => `/${pattern.source}/${pattern.flags}`;

const propertyName = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : json(key));
