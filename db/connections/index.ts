/**
 * Connections, for the shells: saved profiles and recent replicas, where passwords are kept, and
 * the current database. The shells call this and nothing deeper.
 */
export { createConnectionService, NO_DATABASE_MESSAGE, type ConnectionService, type ConnectionServiceOptions } from './connection-service';
export { createCurrentDatabase, type CurrentDatabase, type OpenOutcome } from './current-database';
export { CONNECTIONS_FILE, createProfileStore, RECENT_REPLICAS_LIMIT, type ProfileStore, type SavedProfile } from './profile-store';
export { createMemorySecretStore, sameServer, secretKey, type SecretStore } from './secret-store';
export { commitTempFile, createAtomicWriteStream, discardTempFile, readFileIfExists, tempFileBeside, writeFileAtomic, type AtomicWriteStream } from './atomic-file';
export { describeDataSource, envPassword, resolveDataSource, resolveDbArgument, type ProfileLookup, type ResolvedDb } from './db-argument';
