/**
 * A record's whole story (GetRelatedHistoryRequest): its own log merged with the logs of its
 * family (db/queries/family.ts), newest first, paged by key.
 */
import type { GetRelatedHistoryRequest, GetRelatedHistoryResponse } from '../../shared/contract';
import type { Role } from '../../shared/domain';
import { AuditError } from '../../shared/errors';
import type { QueryContext } from './context';

export async function getRelatedHistory(_ctx: QueryContext, _req: GetRelatedHistoryRequest, _role: Role): Promise<GetRelatedHistoryResponse> {
  throw new AuditError('internal', 'A record\'s related log is not built yet.');
}
