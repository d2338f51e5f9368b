/**
 * Connections: the saved PostgreSQL profiles (Connect, Test, Edit, Delete, and a form for a new
 * one) and the replicas opened lately (Open, or open another by its path). Connecting opens the
 * database first: on failure its sentence shows here and the app stays on the database it had;
 * on success everything is read again from the new one.
 */
import { Button, Callout, Classes, ControlGroup, Dialog, DialogBody, DialogFooter, H5, InputGroup, Intent, NonIdealState, Spinner, Tag, Tooltip } from '@blueprintjs/core';
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionProfile, ListConnectionsResponse, RecentReplica } from '../../shared/connections-contract';
import { AuditError } from '../../shared/errors';
import { useConnections, useReload } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { formatTime } from '../format/time';
import { countText } from '../format/values';
import { ProfileForm } from './ProfileForm';

type Outcome = { intent: Intent; message: string } | null;

const sentence = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function ConnectionsDialog({ onClose }: { onClose(): void }) {
  const connections = useConnections();
  const [list, setList] = useState<ListConnectionsResponse | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** The profile form, when shown: null for a new profile. */
  const [editing, setEditing] = useState<{ profile: ConnectionProfile | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    connections.listConnections({}).then(
      (r) => {
        if (!live) return;
        setList(r);
        setLoadError(null);
      },
      (e: unknown) => live && setLoadError(sentence(e)),
    );
    return () => {
      live = false;
    };
  }, [connections, attempt]);
  const refresh = useCallback(() => setAttempt((n) => n + 1), []);

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

/** How a profile's password is kept, as a small tag. */
function PasswordTag({ kept }: { kept: ConnectionProfile['password'] }) {
  if (kept === 'saved') return <Tag minimal icon="key" title="The password is saved in the operating system's secret storage">Password saved</Tag>;
  if (kept === 'session') return <Tag minimal icon="time" title="The password is kept until Audit Trail Browser stops">Password for this session</Tag>;
  return <Tag minimal icon="help" title="The password is asked for when connecting">No password kept</Tag>;
}

function ProfileRow({ profile, isCurrent, onEdit, onDeleted }: { profile: ConnectionProfile; isCurrent: boolean; onEdit(): void; onDeleted(): void }) {
  const connections = useConnections();
  const reload = useReload();
  const [busy, setBusy] = useState<'test' | 'connect' | 'delete' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  /** Asking for the password, after the server wanted one (with its sentence). */
  const [asking, setAsking] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);

  const test = async () => {
    setBusy('test');
    setOutcome(null);
    try {
      const r = await connections.testConnection({ profile: profile.name });
      setOutcome({ intent: Intent.SUCCESS, message: `Connected: ${countText(r.tables)} logged tables, ${countText(r.logRows)} log rows.` });
    } catch (error) {
      setOutcome({ intent: Intent.DANGER, message: sentence(error) });
    } finally {
      setBusy(null);
    }
  };

  const connect = async (typed?: string) => {
    setBusy('connect');
    setOutcome(null);
    try {
      await connections.connect({ profile: profile.name, ...(typed !== undefined ? { password: typed } : {}) });
      // Everything on screen belonged to the old database: read it all again (this closes the dialog).
      reload();
    } catch (error) {
      setPassword('');
      if (error instanceof AuditError && error.code === 'auth-failed') setAsking(error.message);
      else setOutcome({ intent: Intent.DANGER, message: sentence(error) });
      setBusy(null);
    }
  };

  const remove = async () => {
    setBusy('delete');
    try {
      await connections.deleteProfile({ name: profile.name });
      onDeleted();
    } catch (error) {
      setOutcome({ intent: Intent.DANGER, message: sentence(error) });
      setBusy(null);
      setConfirmDelete(false);
    }
  };

  return (
    <li className="connection-row" data-profile={profile.name}>
      <div className="connection-row-main">
        <div className="connection-row-text">
          <div className="connection-row-title">
            <strong>{profile.name}</strong>
            {isCurrent && <Tag intent={Intent.PRIMARY} minimal round>Open now</Tag>}
            <PasswordTag kept={profile.password} />
          </div>
          <Tooltip content={profile.url} compact placement="bottom-start" className="connection-row-detail-wrap">
            <span className={`${Classes.TEXT_MUTED} connection-row-detail`}>{profile.url}</span>
          </Tooltip>
        </div>
        {confirmDelete ? (
          <div className="connection-row-actions">
            <span className="confirm-text">Delete this profile{profile.password === 'saved' ? ' and its saved password' : ''}?</span>
            <Button size="small" intent={Intent.DANGER} text="Delete" loading={busy === 'delete'} onClick={() => void remove()} />
            <Button size="small" text="Keep" onClick={() => setConfirmDelete(false)} />
          </div>
        ) : (
          <div className="connection-row-actions">
            {/* While the password is asked for, its form below is the way to connect. */}
            {asking === null && (
              <>
                <Button size="small" intent={Intent.PRIMARY} text="Connect" loading={busy === 'connect'} disabled={busy !== null && busy !== 'connect'} onClick={() => void connect()} />
                <Button size="small" text="Test" loading={busy === 'test'} disabled={busy !== null && busy !== 'test'} onClick={() => void test()} />
              </>
            )}
            <Button size="small" variant="minimal" icon="edit" aria-label={`Edit ${profile.name}`} title="Edit" disabled={busy !== null} onClick={onEdit} />
            <Button size="small" variant="minimal" icon="trash" aria-label={`Delete ${profile.name}`} title="Delete" disabled={busy !== null} onClick={() => setConfirmDelete(true)} />
          </div>
        )}
      </div>
      {asking !== null && (
        <form
          className="password-prompt"
          onSubmit={(e) => {
            e.preventDefault();
            const typed = password;
            void connect(typed);
          }}
        >
          <Callout intent={Intent.WARNING} icon="key" compact>
            {asking}
          </Callout>
          <ControlGroup>
            <InputGroup
              type="password"
              autoFocus
              autoComplete="current-password"
              aria-label={`Password for ${profile.target.user}`}
              placeholder={`Password for ${profile.target.user}`}
              value={password}
              onValueChange={setPassword}
            />
            <Button type="submit" intent={Intent.PRIMARY} text="Connect" loading={busy === 'connect'} disabled={password === ''} />
            <Button text="Cancel" onClick={() => setAsking(null)} />
          </ControlGroup>
        </form>
      )}
      {outcome && (
        <Callout className="row-outcome" intent={outcome.intent} icon={outcome.intent === Intent.SUCCESS ? 'tick-circle' : 'error'} compact>
          {outcome.message}
        </Callout>
      )}
    </li>
  );
}

function useOpenReplica() {
  const connections = useConnections();
  const reload = useReload();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = async (file: string) => {
    setBusy(true);
    setError(null);
    try {
      await connections.connect({ replica: file });
      reload();
    } catch (e) {
      setError(sentence(e));
      setBusy(false);
    }
  };
  return { busy, error, open };
}

function ReplicaRow({ replica, isCurrent }: { replica: RecentReplica; isCurrent: boolean }) {
  const timeZone = useTimeZone();
  const { busy, error, open } = useOpenReplica();
  const name = replica.file.split(/[\\/]/).pop() ?? replica.file;
  return (
    <li className="connection-row" data-replica={replica.file}>
      <div className="connection-row-main">
        <div className="connection-row-text">
          <div className="connection-row-title">
            <strong>{name}</strong>
            {isCurrent && <Tag intent={Intent.PRIMARY} minimal round>Open now</Tag>}
            <span className={Classes.TEXT_MUTED}>opened {formatTime(replica.openedAt, timeZone)}</span>
          </div>
          <Tooltip content={replica.file} compact placement="bottom-start" className="connection-row-detail-wrap">
            <span className={`${Classes.TEXT_MUTED} connection-row-detail`}>{replica.file}</span>
          </Tooltip>
        </div>
        <div className="connection-row-actions">
          <Button size="small" intent={isCurrent ? Intent.NONE : Intent.PRIMARY} text={isCurrent ? 'Reopen' : 'Open'} loading={busy} onClick={() => void open(replica.file)} />
        </div>
      </div>
      {error && (
        <Callout className="row-outcome" intent={Intent.DANGER} icon="error" compact>
          {error}
        </Callout>
      )}
    </li>
  );
}

function OpenByPath() {
  const [file, setFile] = useState('');
  const { busy, error, open } = useOpenReplica();
  return (
    <form
      className="open-by-path"
      aria-label="Open a replica by its path"
      onSubmit={(e) => {
        e.preventDefault();
        if (file.trim()) void open(file.trim());
      }}
    >
      <ControlGroup fill>
        <InputGroup
          aria-label="Replica file path"
          placeholder="Open another replica: its full path, e.g. /data/replica.sqlite"
          leftIcon="folder-open"
          value={file}
          onValueChange={setFile}
          spellCheck={false}
          fill
        />
        <Button type="submit" text="Open" loading={busy} disabled={file.trim() === ''} className="open-by-path-button" />
      </ControlGroup>
      {error && (
        <Callout className="row-outcome" intent={Intent.DANGER} icon="error" compact>
          {error}
        </Callout>
      )}
    </form>
  );
}
