import pkg from '../../package.json' with { type: 'json' };

export const PROGRAM_VERSION: string = pkg.version;
