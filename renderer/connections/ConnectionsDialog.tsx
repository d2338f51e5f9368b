/**
 * Connections: the saved PostgreSQL profiles (Connect, Test, Edit, Delete, and a form for a new
 * one) and the replicas opened lately (Open, or open another by its path). Connecting opens the
 * database first: on failure its sentence shows here and the app stays on the database it had;
 * on success everything is read again from the new one.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, H5, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import type { ConnectionProfile, ListConnectionsResponse } from '../../shared/connections-contract';
import { useConnections } from '../api/api-context';
import { useCall } from '../common/use-call';
import { sentence } from './outcome';
import { ProfileForm } from './ProfileForm';
import { ProfileRow } from './ProfileRow';
import { OpenByPath, ReplicaRow } from './ReplicaRows';

export function ConnectionsDialog({ onClose }: { onClose(): void }) {
  const connections = useConnections();
  const { value: list, error, reload: refresh } = useCall('connections', (signal) => connections.listConnections({}, { signal }));
  const loadError = error ? sentence(error) : null;
  /** The profile form, when shown: null for a new profile. */
  const [editing, setEditing] = useState<{ profile: ConnectionProfile | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const title = editing ? (editing.profile ? `Edit profile ${editing.profile.name}` : 'New PostgreSQL profile') : 'Connections';
  return (
    <Dialog isOpen onClose={onClose} title={title} icon="database" className="connections-dialog" canOutsideClickClose={false}>
      {editing && list ? (
        <ProfileForm
          profile={editing.profile}
          taken={list.profiles.map((p) => p.name).filter((n) => n !== editing.profile?.name)}
          storage={list.passwordStorage}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(
              saved.passwordDropped
                ? `Saved ${saved.profile.name}. Its password was forgotten, as the profile now points at another server.`
                : `Saved ${saved.profile.name}.`,
            );
            refresh();
          }}
        />
      ) : (
        <>
          <DialogBody className="connections-body">
            {loadError ? (
              <NonIdealState icon="error" title="Could not read the saved connections" description={loadError} action={<Button icon="refresh" text="Try again" onClick={refresh} />} />
            ) : !list ? (
              <NonIdealState icon={<Spinner size={24} />} description="Loading the saved connections…" />
            ) : (
              <ConnectionsLists
                list={list}
                notice={notice}
                onNew={() => {
                  setNotice(null);
                  setEditing({ profile: null });
                }}
                onEdit={(profile) => {
                  setNotice(null);
                  setEditing({ profile });
                }}
                onChanged={(message) => {
                  setNotice(message);
                  refresh();
                }}
              />
            )}
          </DialogBody>
          <DialogFooter actions={<Button text="Close" onClick={onClose} />} />
        </>
      )}
    </Dialog>
  );
}

function ConnectionsLists({
  list,
  notice,
  onNew,
  onEdit,
  onChanged,
}: {
  list: ListConnectionsResponse;
  notice: string | null;
  onNew(): void;
  onEdit(profile: ConnectionProfile): void;
  onChanged(message: string): void;
}) {
  const { current } = list;
  return (
    <>
      <p className="current-connection">
        <span className={Classes.TEXT_MUTED}>Reading now:</span>{' '}
        <strong className="current-connection-label">{current.kind === 'none' ? 'no database' : current.profile ?? current.label}</strong>
        {current.profile && <span className={`${Classes.TEXT_MUTED} current-connection-url`}> {current.label}</span>}
      </p>
      {list.problem && (
        <Callout intent={Intent.WARNING} icon="warning-sign" compact className="connections-problem">
          {list.problem}
        </Callout>
      )}
      {notice && (
        <Callout intent={Intent.SUCCESS} icon="tick" compact className="connections-notice">
          {notice}
        </Callout>
      )}

      <div className="connections-section-head">
        <H5>PostgreSQL profiles</H5>
        <Button icon="add" text="New profile" variant="outlined" size="small" onClick={onNew} />
      </div>
      {list.profiles.length === 0 ? (
        <p className={`${Classes.TEXT_MUTED} connections-empty`}>No saved profiles yet. Add one to read an organisation&apos;s PostgreSQL database.</p>
      ) : (
        <ul className="connections-list profiles">
          {list.profiles.map((profile) => (
            <ProfileRow
              key={profile.name}
              profile={profile}
              isCurrent={current.kind === 'postgres' && current.profile === profile.name}
              onEdit={() => onEdit(profile)}
              onDeleted={() => onChanged(`Deleted ${profile.name}.`)}
            />
          ))}
        </ul>
      )}

      <div className="connections-section-head">
        <H5>SQLite replicas</H5>
      </div>
      {list.recentReplicas.length > 0 && (
        <ul className="connections-list replicas">
          {list.recentReplicas.map((replica) => (
            <ReplicaRow key={replica.file} replica={replica} isCurrent={current.kind === 'sqlite' && current.file === replica.file} />
          ))}
        </ul>
      )}
      <OpenByPath />
    </>
  );
}
