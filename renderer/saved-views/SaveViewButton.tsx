/**
 * "Save view…": a small dialog that saves what is on screen (Activity's, Review's or Insights'
 * filter, or a record's log with its expander bar's filter) under a name, for this database. A
 * name already saved asks before it replaces that view.
 */
import { Alert, Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup } from '@blueprintjs/core';
import { useState } from 'react';
import { describeView, isValidViewName, sameViewName, VIEW_NAME_RULE, type SavedViewSpec } from '../../shared/saved-views';
import { useSource } from '../api/api-context';
import { useSavedViews } from './saved-views-context';

export function SaveViewButton({ view, iconOnly = false }: { view: SavedViewSpec; /** Where room is short (the log's expander bar): the icon, named for screen readers and in its tooltip. */ iconOnly?: boolean }) {
  const saved = useSavedViews();
  const [open, setOpen] = useState(false);
  // Where no views are kept (or before the list is read), nothing can be saved: nothing is offered.
  if (!saved?.listed || saved.listed.kept === false) return null;
  return (
    <>
      <Button
        minimal
        small
        icon="bookmark"
        text={iconOnly ? undefined : 'Save view…'}
        aria-label={iconOnly ? 'Save view…' : undefined}
        className="save-view-button"
        data-testid="save-view"
        title="Save view…: this view and its filter under a name, to reopen it from the sidebar"
        onClick={() => setOpen(true)}
      />
      {open && <SaveViewDialog view={view} onClose={() => setOpen(false)} />}
    </>
  );
}

function SaveViewDialog({ view, onClose }: { view: SavedViewSpec; onClose(): void }) {
  const saved = useSavedViews()!;
  const source = useSource();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The listed view the name would replace, once the user asked to save under it. */
  const [replacing, setReplacing] = useState<string | null>(null);
  // Taken as typed: a name with a space at either end is refused in a sentence, not silently changed.
  const trimmed = name;

  const save = async (replace: boolean) => {
    setReplacing(null);
    if (!isValidViewName(trimmed)) {
      setProblem(VIEW_NAME_RULE);
      return;
    }
    const existing = saved.listed?.views.find((v) => sameViewName(v.name, trimmed));
    if (existing && !replace) {
      setReplacing(existing.name);
      return;
    }
    setBusy(true);
    try {
      await saved.save(trimmed, view, replace);
      onClose();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setBusy(false);
    }
  };

  return (
    <Dialog isOpen onClose={onClose} title="Save view" icon="bookmark" className="save-view-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <DialogBody>
          <FormGroup label="Name" labelFor="save-view-name" helperText={`Listed under Saved in the sidebar, for ${source?.name ?? 'this database'} only.`}>
            <InputGroup
              id="save-view-name"
              autoFocus
              value={name}
              maxLength={64}
              placeholder="e.g. Contact deletions in October"
              onChange={(e) => {
                setName(e.target.value);
                setProblem(null);
              }}
            />
          </FormGroup>
          <p className="save-view-note">
            <span className={Classes.TEXT_MUTED}>Saves </span>
            <span data-testid="save-view-what">{describeView(view)}</span>
          </p>
          {problem && (
            <Callout intent="danger" icon="error" className="save-view-problem">
              {problem}
            </Callout>
          )}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={onClose} />
              <Button type="submit" intent="primary" text="Save" loading={busy} disabled={trimmed === ''} />
            </>
          }
        />
      </form>
      <Alert
        isOpen={replacing !== null}
        intent="warning"
        icon="bookmark"
        confirmButtonText="Replace"
        cancelButtonText="Cancel"
        onConfirm={() => void save(true)}
        onCancel={() => setReplacing(null)}
      >
        A view named “{replacing}” is already saved for this database. Replace it with this one?
      </Alert>
    </Dialog>
  );
}
