import { parentPort } from 'node:worker_threads';
import { sealPage } from './log-page-seal';

/** A page to seal (a copy: the main thread keeps its own, to seal itself should this worker fail). */
export interface SealRequest {
  id: number;
  bytes: Uint8Array;
  bounds: Uint32Array;
  count: number;
}

export interface SealResponse {
  id: number;
  seals?: Int32Array;
  error?: string;
}

// The worker of log-seal-pool.ts: seals each page it is sent, in order.
parentPort?.on('message', (request: SealRequest) => {
  const { id } = request;
  let response: SealResponse;
  try {
    response = { id, seals: sealPage(request) };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response, response.seals ? [response.seals.buffer as ArrayBuffer] : []);
});
