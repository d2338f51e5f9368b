/**
 * PostgreSQL's errors as one sentence a person can act on. Connection failures arrive as Node
 * socket errors (ECONNREFUSED…), server refusals as SQLSTATE codes; both are mapped here and only
 * here, so the UI and the CLI say the same thing.
 */
import { AuditError } from '../../../shared/errors';
import { CANCELLED_MESSAGE } from '../../cancellation';
import type { PostgresTarget } from './target';

interface PgLikeError {
  code?: string;
  message?: string;
}

export interface ErrorContext {
  target: PostgresTarget;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} second${s === 1 ? '' : 's'}`;
}

export function translatePostgresError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof AuditError || !(error instanceof Error)) return error;
  const { target } = context;
  const server = `the PostgreSQL server at ${target.host}:${target.port}`;
  const { code = '', message = '' } = error as PgLikeError;
  // Sentences may start with the server's description; a sentence starts with a capital.
  const make = (kind: AuditError['code'], sentence: string): AuditError =>
    new AuditError(kind, sentence.charAt(0).toUpperCase() + sentence.slice(1), { cause: error });

  switch (code) {
    case 'ECONNREFUSED':
      return make('unreachable', `Cannot reach ${server}: it refused the connection. Check the host and port, and that the server is running.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make('unreachable', `Cannot reach the PostgreSQL server: the host name ${target.host} is not known. Check the spelling, or your network.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return make('unreachable', `Cannot reach ${server}: the network has no route to it. Check the host, your network or VPN.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return make('connection-lost', `The connection to ${server} broke. Try again; if it keeps happening, ask a DBA.`);
    case '28P01':
      return make('auth-failed', `${server} refused the password for user ${target.user}.`);
    case '28000':
      return make('auth-failed', `${server} does not let user ${target.user} connect to the database ${target.database} from this computer (pg_hba.conf); ask a DBA.`);
    case '3D000':
      return make('no-such-database', `There is no database named ${target.database} on ${server}.`);
    case '3F000':
      return make('no-such-database', `The database ${target.database} has no schema named ${target.schema}.`);
    case '42501':
      return make('permission-denied', `User ${target.user} is not allowed to read this (${message}); ask a DBA to grant SELECT on the tables and their logs.`);
    case '57014':
      return /user request/i.test(message)
        ? make('cancelled', CANCELLED_MESSAGE)
        : make('timeout', `The database took longer than ${seconds(context.statementTimeoutMs)} to answer, so the query was stopped. Narrow the filter, or ask a DBA about the missing index.`);
    case '25006':
      return make('internal', `The database refused a write: this application only reads (${message}).`);
    case '53300':
      return make('unreachable', `${server} has no free connections right now (too many clients); try again shortly.`);
    case '57P01':
    case '57P02':
    case '57P03':
      return make('connection-lost', `${server} is shutting down or starting up; try again shortly.`);
    default:
      break;
  }
  if (code.startsWith('08')) {
    return make('connection-lost', `The connection to ${server} failed (${message}).`);
  }
  if (/timeout expired|connection timeout/i.test(message)) {
    return make('unreachable', `Cannot reach ${server}: it did not answer within ${seconds(context.connectTimeoutMs)}. Check the host and port, your network or VPN.`);
  }
  if (/SASL|client password must be a string|password authentication/i.test(message)) {
    return make('auth-failed', `${server} needs a password for user ${target.user}.`);
  }
  if (/Connection terminated/i.test(message)) {
    return make('connection-lost', `The connection to ${server} was closed (${message}).`);
  }
  if (/self[- ]signed|certificate|SSL/i.test(message)) {
    return make('unreachable', `A secure connection to ${server} could not be made (${message}). Check the sslmode setting.`);
  }
  return error;
}
