/**
 * The SQLite replicas in Connections: the ones opened lately, and opening another by its path.
 * Opening one opens it first: on failure its sentence shows here and the app stays where it was.
 */
import { Button, Callout, Classes, ControlGroup, InputGroup, Intent, Tag, Tooltip } from '@blueprintjs/core';
import { useState } from 'react';
import type { RecentReplica } from '../../shared/connections-contract';
import { useConnections, useReload } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { formatTime } from '../format/time';
import { sentence } from './outcome';

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

export function ReplicaRow({ replica, isCurrent }: { replica: RecentReplica; isCurrent: boolean }) {
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

export function OpenByPath() {
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
