/** `<bundle>.v8cache`: the V8 code cache kept beside a CommonJS bundle. */
export declare function codeCachePath(bundle: string): string;
/** Runs a CommonJS bundle as the main program, through its code cache; returns its exports. */
export declare function runCommonJsBundle(bundle: string): unknown;
