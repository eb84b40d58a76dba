import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';

/**
 * Every request body field that holds a nested object must be refused when it is missing or is not an
 * object: `@ValidateNested` alone lets `undefined` and strings through, and the handler then fails with
 * a 500 instead of a 400 naming the field. This walks every DTO module of the HTTP app, so a new nested
 * field without `@IsDefined() @IsObject()` (or an explicit `@IsOptional`/`@ValidateIf`) fails here.
 */
const SRC = join(__dirname, '..');

function dtoModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dtoModules(path);
    return /\.dto\.ts$/.test(entry.name) ? [path] : [];
  });
}

type NestedField = { dto: new () => object; name: string; property: string; conditional: boolean };

function nestedFields(): NestedField[] {
  const classes = dtoModules(SRC).flatMap((file) =>
    Object.values(require(file) as Record<string, unknown>).filter((value): value is new () => object => typeof value === 'function'),
  );
  const storage = getMetadataStorage();
  return classes.flatMap((dto) => {
    const metadata = storage.getTargetValidationMetadatas(dto, '', true, false);
    const nested = metadata.filter((m) => m.type === 'nestedValidation' && !m.each);
    return [...new Set(nested.map((m) => m.propertyName))].map((property) => ({
      dto,
      name: dto.name,
      property,
      conditional: metadata.some((m) => m.propertyName === property && m.type === 'conditionalValidation'),
    }));
  });
}

describe('nested request fields', () => {
  const fields = nestedFields();

  it('finds the nested fields of the request bodies (subject of a record, check and designation; a finding)', () => {
    const names = fields.map((f) => `${f.name}.${f.property}`);
    expect(names).toEqual(expect.arrayContaining(['PerformCreditCheckDto.subject']));
    expect(fields.length).toBeGreaterThanOrEqual(4);
  });

  it.each(fields.filter((f) => !f.conditional).map((f) => [`${f.name}.${f.property}`, f] as const))(
    '%s is refused when missing or not an object',
    async (_label, field) => {
      for (const value of [undefined, null, 'text', 7]) {
        const body = value === undefined ? {} : { [field.property]: value };
        const errors = await validate(plainToInstance(field.dto, body));
        expect(errors.map((e) => e.property)).toContain(field.property);
      }
    },
  );
});
