// The second core's half of batch scoring: a worker thread that loads a model package (checked
// against its SHA-256, as everywhere) and scores feature matrices it is sent with the package's own
// model and calibrator. The pipeline runs on the main thread; only transformed features cross.

import { parentPort, workerData } from 'node:worker_threads';
import { applyCalibrator } from '../evaluation/calibrators.js';
import { makeMatrix } from '../models/matrix.js';
import { loadModelPackage } from '../tracking/model-package.js';

interface ScoreRequest {
  id: number;
  nRows: number;
  columns: string[];
  data: Float64Array;
}

const loaded = loadModelPackage((workerData as { package: unknown }).package);

parentPort!.on('message', (request: ScoreRequest) => {
  try {
    const raw = loaded.model.predictProba(makeMatrix(request.nRows, request.columns, request.data));
    const scores = loaded.calibrator === undefined ? raw : applyCalibrator(loaded.calibrator, raw);
    parentPort!.postMessage({ id: request.id, scores }, [scores.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
