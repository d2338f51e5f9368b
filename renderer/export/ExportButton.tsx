/**
 * The Export button for a view's toolbar: opens the export dialog for what the view shows. Export
 * is for admins, so a plain user does not see it (the data layer refuses them anyway).
 */
import { Button } from '@blueprintjs/core';
import { useState } from 'react';
import type { ExportSource } from '../../shared/export-contract';
import { useMe } from '../api/api-context';
import { lazyDialog } from '../common/lazy-view';

// Admins only, and rarely: a chunk of its own, fetched when first opened (see common/lazy-view.tsx).
const ExportDialog = lazyDialog('Export', () => import('./ExportDialog').then((m) => m.ExportDialog));

export function ExportButton({ source }: { source: ExportSource }) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  // Until the role is known nothing is offered: a plain user should never see it flash by.
  if (!me || me.role === 'user') return null;
  return (
    <>
      <Button small minimal icon="export" text="Export" onClick={() => setOpen(true)} className="export-button" />
      {open && <ExportDialog source={source} onClose={() => setOpen(false)} />}
    </>
  );
}
