import type { ColumnOptions } from 'typeorm';

/** Global log positions: bigint in PostgreSQL (returned as a string by `pg`), read back as numbers. */
export const positionColumn = (options: ColumnOptions = {}): ColumnOptions => ({
  type: 'bigint',
  transformer: {
    to: (value: number | null | undefined) => value,
    from: (value: string | number | null) => (value === null ? null : Number(value)),
  },
  ...options,
});
