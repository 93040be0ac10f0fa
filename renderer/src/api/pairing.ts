/**
 * Pairing this browser with the centre server (`POST /api/pair { code }`). Not a handler of
 * the core: the host exchanges the code for the device credential, which it sets as an
 * HttpOnly cookie the page never sees; the next load of the page is then served as paired.
 */
import type { ApiResponse } from '../../../db/src/contract';
import { ApiError } from './client';

export interface PairedBrowser {
  deviceId: number;
  name: string;
  kind: 'workstation' | 'kiosk';
  windowNo: string | null;
  fingerprint: string;
}

export async function pairBrowser(code: string): Promise<PairedBrowser> {
  let response: ApiResponse<PairedBrowser>;
  try {
    const res = await fetch('/api/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    response = (await res.json()) as ApiResponse<PairedBrowser>;
  } catch {
    throw new ApiError({ code: 'NETWORK', message: '无法连接到中心服务器：请检查网络后再试' });
  }
  if (!response.ok) throw new ApiError(response.error);
  return response.result;
}

