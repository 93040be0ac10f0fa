export declare const RENDERER_INDEX: string;
export declare function rendererStaleReason(): string | null;
export declare function ensureRenderer(): void;
