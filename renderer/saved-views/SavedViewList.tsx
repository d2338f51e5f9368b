/**
 * The sidebar's "Saved" list: the open database's saved views (a plain user's: record logs only).
 * A click opens a view by its address, exactly as if that address had been pasted; each view's
 * menu copies that address, renames the view or deletes it (after asking). The view whose address
 * is the one shown is marked open; changing any filter leaves it, as the screen no longer shows it.
 */
import { Alert, Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, Icon, InputGroup, Menu, MenuDivider, MenuItem, Popover, type IconName } from '@blueprintjs/core';
import { useState } from 'react';
import { describeView, isValidViewName, VIEW_NAME_RULE, type SavedView, type SavedViewKind } from '../../shared/saved-views';
import { formatAddress } from '../app/address';
import { addressOfView } from '../app/saved-view-address';
import { useSavedViews } from './saved-views-context';

const KIND_ICONS: Record<SavedViewKind, IconName> = { activity: 'pulse', review: 'search-template', insights: 'timeline-bar-chart', log: 'history' };

/** The whole address of what a view opens: this page with the view's hash. */
function addressText(view: SavedView): string {
  return `${window.location.href.replace(/#.*$/, '')}${formatAddress(addressOfView(view))}`;
}

/** Opens a view: the location's hash becomes its address, which the app reads as any address. */
function openView(view: SavedView): void {
  window.location.hash = formatAddress(addressOfView(view));
}

export function SavedViewList() {
  const saved = useSavedViews();
  const [renaming, setRenaming] = useState<SavedView | null>(null);
  const [deleting, setDeleting] = useState<SavedView | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const listed = saved?.listed;
  if (!saved || !listed || listed.kept === false || (listed.views.length === 0 && listed.refused.length === 0 && !listed.problem)) return null;

  const copy = (view: SavedView) => {
    navigator.clipboard.writeText(addressText(view)).then(
      () => setCopied(view.name),
      () => setFailure('The clipboard refused the address.'),
    );
  };

  return (
    <div className="saved-view-list" data-testid="saved-views">
      <MenuDivider title="Saved" />
      <ul className={`${Classes.LIST_UNSTYLED} saved-view-items`} aria-label="Saved views">
        {listed.views.map((view) => {
          const open = formatAddress(addressOfView(view)) === saved.here;
          return (
            <li key={view.name} className="saved-view-row" data-view-name={view.name}>
              <button
                type="button"
                className={`${Classes.MENU_ITEM} saved-view-open${open ? ` ${Classes.ACTIVE}` : ''}`}
                aria-current={open ? 'page' : undefined}
                title={describeView(view)}
                onClick={() => openView(view)}
              >
                <Icon icon={KIND_ICONS[view.kind]} className={Classes.MENU_ITEM_ICON} />
                <span className={`${Classes.FILL} ${Classes.TEXT_OVERFLOW_ELLIPSIS}`}>{view.name}</span>
                {copied === view.name && <span className={`${Classes.TEXT_MUTED} saved-view-copied`}>Copied</span>}
              </button>
              <Popover
                placement="right-start"
                minimal
                onClosed={() => setCopied(null)}
                content={
                  <Menu>
                    <MenuItem icon="link" text="Copy address" onClick={() => copy(view)} />
                    <MenuItem icon="edit" text="Rename…" onClick={() => setRenaming(view)} />
                    <MenuItem icon="trash" intent="danger" text="Delete…" onClick={() => setDeleting(view)} />
                  </Menu>
                }
              >
                <Button minimal small icon="more" className="saved-view-more" aria-label={`More for ${view.name}`} />
              </Popover>
            </li>
          );
        })}
      </ul>
      {(listed.problem || listed.refused.length > 0) && (
        <Callout intent="warning" icon="warning-sign" compact className="saved-view-problems">
          {[...(listed.problem ? [listed.problem] : []), ...listed.refused.map((r) => r.problem)].map((p) => (
            <p key={p}>{p}</p>
          ))}
        </Callout>
      )}
      {failure && (
        <Callout intent="danger" compact className="saved-view-problems">
          {failure}
        </Callout>
      )}
      {renaming && <RenameDialog view={renaming} onClose={() => setRenaming(null)} />}
      <Alert
        isOpen={deleting !== null}
        intent="danger"
        icon="trash"
        confirmButtonText="Delete"
        cancelButtonText="Cancel"
        onConfirm={() => {
          const name = deleting!.name;
          setDeleting(null);
          saved.remove(name).catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
        }}
        onCancel={() => setDeleting(null)}
      >
        Delete the saved view “{deleting?.name}”? What it shows stays in the logs; only the view goes.
      </Alert>
    </div>
  );
}

function RenameDialog({ view, onClose }: { view: SavedView; onClose(): void }) {
  const saved = useSavedViews()!;
  const [name, setName] = useState(view.name);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rename = async () => {
    const trimmed = name;
    if (!isValidViewName(trimmed)) {
      setProblem(VIEW_NAME_RULE);
      return;
    }
    setBusy(true);
    try {
      await saved.rename(view.name, trimmed);
      onClose();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setBusy(false);
    }
  };
  return (
    <Dialog isOpen onClose={onClose} title={`Rename “${view.name}”`} icon="edit" className="save-view-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void rename();
        }}
      >
        <DialogBody>
          <FormGroup label="New name" labelFor="rename-view-name">
            <InputGroup id="rename-view-name" autoFocus value={name} maxLength={64} onChange={(e) => { setName(e.target.value); setProblem(null); }} />
          </FormGroup>
          {problem && (
            <Callout intent="danger" icon="error">
              {problem}
            </Callout>
          )}
        </DialogBody>
        <DialogFooter actions={<><Button text="Cancel" onClick={onClose} /><Button type="submit" intent="primary" text="Rename" loading={busy} /></>} />
      </form>
    </Dialog>
  );
}
