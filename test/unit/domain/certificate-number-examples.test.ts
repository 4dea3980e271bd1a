/**
 * Every example certificate number a person reads — in a refusal, the OpenAPI document, the
 * verification page, the README — is a number the rule accepts. A hand-typed example once carried
 * a wrong check character (GX-2026-P0-000123-7), teaching people to type a number that is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_CERTIFICATE_NUMBER,
  formatCertificateNumber,
  parseCertificateNumber,
} from '#shared/domain/certificates/numbering';
import { AppError } from '#shared/domain/errors';
import { buildOpenApiDocument } from '#shared/http/openapi';

/** Anything shaped like a number, right or wrong, so a wrong check character is caught too. */
const NUMBER_LIKE = /GX-\d{4}-[A-Z]\d-\d+-[\dA-Z]/g;

const numbersIn = (text: string) => text.match(NUMBER_LIKE) ?? [];

function refusalMessage(value: string): string {
  try {
    parseCertificateNumber(value);
  } catch (error) {
    if (error instanceof AppError) return error.message;
  }
  throw new Error(`${value} was not refused`);
}

/** The files people read examples in: sources, the page, the docs (tests hold wrong numbers on purpose). */
function shownFiles(): string[] {
  const root = process.cwd();
  const under = (folder: string) =>
    readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|js|html|md)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name));
  return [
    ...under('shared'),
    ...under('functions'),
    ...under('web'),
    ...under('docs'),
    join(root, 'README.md'),
    join(root, 'CONTRIBUTING.md'),
    join(root, 'client', 'README.md'),
  ];
}

describe('example certificate numbers', () => {
  it('the example is the rule’s own number for 2026, completion, sequence 123, and it validates', () => {
    expect(EXAMPLE_CERTIFICATE_NUMBER).toBe(
      formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 }),
    );
    expect(parseCertificateNumber(EXAMPLE_CERTIFICATE_NUMBER)).toEqual({
      year: 2026,
      type: 'completion',
      level: undefined,
      sequence: 123,
    });
  });

  it('a refusal of a malformed number shows an example that validates', () => {
    const shown = numbersIn(refusalMessage('GX-2026-P0-123-7'));
    expect(shown).toEqual([EXAMPLE_CERTIFICATE_NUMBER]);
  });

  it('the OpenAPI document shows only examples that validate', () => {
    const shown = numbersIn(JSON.stringify(buildOpenApiDocument()));
    expect(shown).toContain(EXAMPLE_CERTIFICATE_NUMBER);
    for (const number of shown) expect(() => parseCertificateNumber(number), number).not.toThrow();
  });

  it('the sources, the verification page and the docs show only examples that validate', () => {
    const wrong: string[] = [];
    let seen = 0;
    for (const file of shownFiles()) {
      for (const number of numbersIn(readFileSync(file, 'utf8'))) {
        seen++;
        try {
          parseCertificateNumber(number);
        } catch {
          wrong.push(`${file}: ${number}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it('would notice a wrong check character', () => {
    const wrong = `${EXAMPLE_CERTIFICATE_NUMBER.slice(0, -1)}7`;
    expect(numbersIn(`looks like ${wrong}`)).toEqual([wrong]);
    expect(() => parseCertificateNumber(wrong)).toThrow(/check character/);
  });
});
