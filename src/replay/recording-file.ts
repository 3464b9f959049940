import { createReadStream } from 'node:fs';
import { RecordingError } from '../errors.js';
import { describeReadError } from '../source/proc-files.js';
import { RecordingReader, type Recording } from './recording.js';

/** Reads a recording file as a stream (it may be large), line by line. */
export async function readRecordingFile(path: string): Promise<Recording> {
  const reader = new RecordingReader();
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8' })) reader.push(chunk as string);
  } catch (err) {
    throw new RecordingError(`cannot read recording ${describeReadError(path, err)}`, { cause: err });
  }
  const rec = reader.end();
  if (!rec.entries.some((e) => !('gap' in e))) {
    const why = rec.bad.count > 0 ? `none of its ${rec.bad.count} line(s) is a tcpwatch sample (line ${rec.bad.examples[0]?.line}: ${rec.bad.examples[0]?.reason})` : 'it is empty';
    throw new RecordingError(`${path}: nothing to replay: ${why} (record with tcpwatch --record FILE)`);
  }
  return rec;
}
