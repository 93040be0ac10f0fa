export declare const NODE_BUNDLES: Record<'cli' | 'serve-cli' | 'server-cli', string>;
export type NodeBundle = keyof typeof NODE_BUNDLES;
/** `root`: the checkout, by default the one this file is in. */
export declare function bundlePath(name: NodeBundle, root?: string): string;
export declare function staleReason(name: NodeBundle, root?: string): string | null;
export declare function buildNodeBundle(name: NodeBundle, root?: string): Promise<string>;
export declare function ensureNodeBundle(name: NodeBundle, root?: string): Promise<string>;
