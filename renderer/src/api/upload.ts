/**
 * Hands a chosen file to the core (residents.importUpload) in chunks: a page cannot name a
 * path on the host, and at a centre server the file is on another computer. Chunks stay
 * well below the hosts' 20 MB request limit; the answer of the last one is the path that
 * residents.importPreview and residents.import take (docs/resident-import-screen.md).
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from './client';

/** 2 MB a call (about 2.7 MB of base64): a progress step a person sees move. */
const CHUNK = 2 * 1024 * 1024;

export interface Uploaded {
  file: string;
  name: string;
  size: number;
  sha256: string;
}

function base64(bytes: Uint8Array): string {
  let text = '';
  // String.fromCharCode with a spread of a whole chunk overflows the stack
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

async function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<Uploaded> {
  let uploadId: string | undefined;
  let offset = 0;
  onProgress(0);
  for (;;) {
    const slice = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
    const last = offset + slice.length >= file.size;
    const answer = await call('residents.importUpload', { name: file.name, offset, data: base64(slice), last, ...(uploadId ? { uploadId } : {}) });
    uploadId = answer.uploadId;
    offset = answer.received;
    onProgress(file.size === 0 ? 1 : offset / file.size);
    if (last) return { file: answer.file!, name: file.name, size: file.size, sha256: answer.sha256! };
  }
}

/** The upload as a mutation (pending, error, the uploaded file) with the fraction sent so far. */
export function useImportUpload() {
  const [fraction, setFraction] = useState(0);
  const upload = useMutation<Uploaded, Error, File>({ mutationFn: (file) => uploadFile(file, setFraction) });
  return { ...upload, fraction };
}
