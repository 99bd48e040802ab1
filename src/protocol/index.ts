export * from './api';
export * from './errors';
export * from './model';
export * from './run';
export * from './bench';
