/** The change cue as a tag: a colour and an icon per cue, so a long log can be read at a glance. */
import { Tag, type IconName, type Intent } from '@blueprintjs/core';
import type { HistoryEntry } from '../../shared/domain';

const LOOK: Record<HistoryEntry['changeCue'], { intent: Intent; icon: IconName }> = {
  Added: { intent: 'success', icon: 'add' },
  Modified: { intent: 'primary', icon: 'edit' },
  Deleted: { intent: 'danger', icon: 'trash' },
  Unchanged: { intent: 'none', icon: 'link' },
  Other: { intent: 'warning', icon: 'help' },
};

export function ChangeCueTag({ entry }: { entry: Pick<HistoryEntry, 'changeCue' | 'changeCueText'> }) {
  const look = LOOK[entry.changeCue];
  // An unknown cue is shown as stored, so nothing the database says is hidden.
  const text = entry.changeCue === 'Other' ? (entry.changeCueText ?? 'Unknown') : entry.changeCue;
  return (
    <Tag className="cue-tag" data-cue={entry.changeCue} intent={look.intent} icon={look.icon} minimal={entry.changeCue !== 'Deleted'} round>
      {text}
    </Tag>
  );
}
