/**
 * One saved PostgreSQL profile in Connections: Connect (asking for the password when the server
 * wants one), Test, Edit, Delete.
 */
import { Button, Callout, Classes, ControlGroup, InputGroup, Intent, Tag, Tooltip } from '@blueprintjs/core';
import { useState } from 'react';
import type { ConnectionProfile } from '../../shared/connections-contract';
import { AuditError } from '../../shared/errors';
import { useConnections, useReload } from '../api/api-context';
import { countText } from '../format/values';
import { sentence, type Outcome } from './outcome';

/** How a profile's password is kept, as a small tag. */
function PasswordTag({ kept }: { kept: ConnectionProfile['password'] }) {
  if (kept === 'saved') return <Tag minimal icon="key" title="The password is saved in the operating system's secret storage">Password saved</Tag>;
  if (kept === 'session') return <Tag minimal icon="time" title="The password is kept until Audit Trail Browser stops">Password for this session</Tag>;
  return <Tag minimal icon="help" title="The password is asked for when connecting">No password kept</Tag>;
}

/** What a profile's row does (test, connect, delete) and where each stands. */
function useProfileActions(profile: ConnectionProfile, onDeleted: () => void) {
  const connections = useConnections();
  const reload = useReload();
  const [busy, setBusy] = useState<'test' | 'connect' | 'delete' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  /** Asking for the password, after the server wanted one (with its sentence). */
  const [asking, setAsking] = useState<string | null>(null);
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

  return { busy, outcome, asking, setAsking, confirmDelete, setConfirmDelete, test, connect, remove };
}

export function ProfileRow({ profile, isCurrent, onEdit, onDeleted }: { profile: ConnectionProfile; isCurrent: boolean; onEdit(): void; onDeleted(): void }) {
  const { busy, outcome, asking, setAsking, confirmDelete, setConfirmDelete, test, connect, remove } = useProfileActions(profile, onDeleted);
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
        <PasswordPrompt
          profile={profile}
          sentence={asking}
          connecting={busy === 'connect'}
          onConnect={(typed) => void connect(typed)}
          onCancel={() => setAsking(null)}
        />
      )}
      {outcome && (
        <Callout className="row-outcome" intent={outcome.intent} icon={outcome.intent === Intent.SUCCESS ? 'tick-circle' : 'error'} compact>
          {outcome.message}
        </Callout>
      )}
    </li>
  );
}

/** Asks for the password the server wanted, with its sentence; typing it and Connect tries again. */
function PasswordPrompt({
  profile,
  sentence: why,
  connecting,
  onConnect,
  onCancel,
}: {
  profile: ConnectionProfile;
  sentence: string;
  connecting: boolean;
  onConnect(password: string): void;
  onCancel(): void;
}) {
  const [password, setPassword] = useState('');
  return (
    <form
      className="password-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        const typed = password;
        // A refused password is not shown again: the next try starts empty.
        setPassword('');
        onConnect(typed);
      }}
    >
      <Callout intent={Intent.WARNING} icon="key" compact>
        {why}
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
        <Button type="submit" intent={Intent.PRIMARY} text="Connect" loading={connecting} disabled={password === ''} />
        <Button text="Cancel" onClick={onCancel} />
      </ControlGroup>
    </form>
  );
}
