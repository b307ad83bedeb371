// Structured logs with pino on stderr: pretty lines on a terminal, JSON lines otherwise
// (logging.format "pretty" or "json" overrides the guess). Writes are synchronous so the last
// lines before an exit are never lost.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { EngenhoConfig } from '../config/index.js';

export function createLogger(logging: EngenhoConfig['logging'], stderrIsTTY: boolean): Logger {
  const format = logging.format === 'auto' ? (stderrIsTTY ? 'pretty' : 'json') : logging.format;
  const options = { name: 'engenho', level: logging.level };
  if (format === 'pretty') {
    return pino(options, pretty({ destination: 2, sync: true, colorize: stderrIsTTY, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }));
  }
  return pino(options, pino.destination({ dest: 2, sync: true }));
}
