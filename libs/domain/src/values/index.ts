export * from './business-date';
export * from './civil-period';
export * from './uscc';
export * from './identifiers';
